// The starter scenario `ecsim init` writes: small, commented line by line, and valid as written,
// so a new user edits a file that already runs instead of starting from a blank page.

/** The starter scenario's text. It loads, validates and runs (a test checks it). */
export const STARTER_SCENARIO = `# A starter ecsim scenario: edit it, then
#   ecsim validate scenario.yaml     check it (problems come as file:line:column)
#   ecsim run scenario.yaml          run it and print what happened
#   ecsim types                      the instance types \`type:\` may name
# Editors complete and check this file once the schema is beside it: ecsim schema -o scenario.schema.json
# yaml-language-server: $schema=./scenario.schema.json
version: 1
name: starter
seed: 1                     # same seed, same results; ecsim run --seed N tries another
duration: 2h                # simulated horizon: 500ms, 30s, 5m, 2h, 1d, 1h30m (a bare number is ms)

clusters:
  - name: prod
    instances:
      - count: 6
        type: m4.large      # registers 2048 CPU units and 8028 MiB; or give resources: { CPU: …, MEMORY: … }
        attributes: { zone: us-east-1a }
      - count: 6
        type: m4.large
        attributes: { zone: us-east-1b }

taskDefinitions:
  - family: web
    containerDefinitions:
      # cpu in CPU units (1024 = one vCPU), memory in MiB (a hard limit; memoryReservation is the soft one)
      - { name: app, image: nginx, cpu: 256, memory: 512, portMappings: [{ containerPort: 80 }] }
  - family: batch
    containerDefinitions:
      - { name: job, image: worker, cpu: 1024, memory: 2048 }

workloads:
  - name: web                                       # tasks that come and go all day
    cluster: prod
    taskDefinition: web
    arrival: { poisson: { ratePerMinute: 3 } }      # or { every: 1m }, { at: [0s, 10m] }, { burst: { at: 1h, count: 50 } }
    lifetime: { lognormal: { median: 20m, sigma: 0.6 } }   # or { fixed: 10m }, { exponential: { mean: 15m } }, forever
    placementStrategy:
      - { type: spread, field: attribute:zone }    # as RunTask spells it; binpack on memory fills instances first
  - name: nightly
    cluster: prod
    taskDefinition: batch
    arrival: { burst: { at: 1h, count: 30 } }       # 30 RunTask calls at once…
    count: 2                                        # …of 2 tasks each
    lifetime: { fixed: 15m }
    retry: { attempts: 3, backoff: 2m }             # what found no room is tried again later

events:                                             # things that happen to the fleet
  - { at: 1h30m, disconnectAgents: { cluster: prod, count: 2 } }
  - { at: 1h45m, reconnectAgents: { cluster: prod } }
`;
