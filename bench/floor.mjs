// The floor of the stack the action is built on: @actions/core and @actions/http-client alone,
// doing what a `get` does at its simplest — one GET of the backup, one output. The benchmark
// bundles it with ncc, as the action is, and starts it the way the runner starts the action.
import * as core from '@actions/core'
import { HttpClient } from '@actions/http-client'

const baseUrl = core.getInput('baseUrl')
const url = `${baseUrl}/api/v1/tenants/${core.getInput('tenantId')}/starsystems/${core.getInput('projectId')}/backups/${core.getInput('backupId')}`
const client = new HttpClient('floor')
const response = await client.get(url, {
  Authorization: `Bearer ${core.getInput('accessToken')}`,
  Accept: 'application/json'
})
const backup = JSON.parse(await response.readBody())
core.setOutput('status', backup.status)
