// `ecsim serve`: the simulated ECS control plane as an HTTP endpoint that the AWS CLI, the SDKs
// and boto3 drive unchanged (AWS JSON 1.1). Prints the base URL as the first line on stdout, then
// serves until SIGINT or SIGTERM, when it answers what is in flight, flushes the recording and exits 0.
import { InvalidArgumentError, type Command } from 'commander';
import { resolve } from 'node:path';
import { runReport } from '../../report/json.js';
import { parseClock, ServerClock, type ClockMode } from '../../server/clock.js';
import { startServer } from '../../server/http.js';
import { Recorder, type RecordedOptions } from '../../server/record.js';
import { EcsService, REGION_NAME, type ServiceOptions } from '../../server/service.js';
import { strategyOptions } from '../../experiment/strategies.js';
import { loadStrategy } from '../../placement/load-strategy.js';
import { CliError, EXIT_USAGE } from '../cli-error.js';
import { asCliError, scenarioDirOf } from '../experiment.js';
import { loadScenarioFile } from '../scenario-file.js';
import { seedValue } from './run.js';

interface ServeFlags {
  host: string;
  port: number;
  seed?: number;
  region: string;
  accountId?: string;
  scenario?: string;
  play?: boolean;
  clock: ClockMode;
  longArns?: boolean;
  record?: string;
  strategy?: string;
  failureDetail: 'instances' | 'summary';
}

function portValue(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 65535) throw new InvalidArgumentError(`expected a port number 0..65535, got ${JSON.stringify(v)}`);
  return n;
}

function regionValue(v: string): string {
  if (!REGION_NAME.test(v)) throw new InvalidArgumentError(`expected a region name such as us-east-1, got ${JSON.stringify(v)}`);
  return v;
}

function accountValue(v: string): string {
  if (!/^\d{12}$/.test(v)) throw new InvalidArgumentError(`expected a 12-digit account id, got ${JSON.stringify(v)}`);
  return v;
}

function clockValue(v: string): ClockMode {
  try {
    return parseClock(v);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
}

function failureDetailValue(v: string): 'instances' | 'summary' {
  if (v !== 'instances' && v !== 'summary') throw new InvalidArgumentError(`expected instances or summary, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * The service's options from recorded ones: loads the scenario file and the strategies it (or
 * `strategy`) names. Shared with `ecsim replay`, so a replay builds the world the server built.
 * @throws CliError (exit 2) for a scenario or strategy that does not load.
 */
export async function resolveServiceOptions(o: RecordedOptions): Promise<ServiceOptions> {
  const { scenario: file, strategy, ...rest } = o;
  const out: ServiceOptions = { ...rest };
  const scenario = file === undefined ? undefined : loadScenarioFile(file);
  if (scenario) out.scenario = scenario;
  const override = strategy === undefined ? undefined : { spec: strategy, baseDir: process.cwd() };
  try {
    if (scenario && file !== undefined) out.strategies = await strategyOptions(scenario, scenarioDirOf(file), override);
    else if (override) out.strategies = { strategy: await loadStrategy(override.spec, { baseDir: override.baseDir }) };
  } catch (e) {
    throw asCliError('serve', file ?? '', e);
  }
  return out;
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('serve the simulated ECS API over HTTP (AWS JSON 1.1) for the AWS CLI, SDKs and boto3')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--port <n>', 'port to listen on; 0 picks a free one', portValue, 0)
    .option('--seed <n>', "seed of every random stream (default: the scenario's, else 0)", seedValue)
    .option('--region <region>', 'region of requests whose signature names none', regionValue, 'us-east-1')
    .option('--account-id <id>', 'account in every ARN (default 012345678910)', accountValue)
    .option('--scenario <file>', "build the scenario's clusters, instances and task definitions at start and after every reset")
    .option('--play', "with --scenario: also run its workloads and events as the clock advances")
    .option('--clock <mode>', 'manual (moves only on /_ecsim/advance) or realtime[:SPEED] (wall clock × SPEED)', clockValue, { mode: 'manual' })
    .option('--long-arns', 'task and container instance ARNs in the long form (task/CLUSTER/ID)')
    .option('--record <file>', 'append every request and its response to FILE (JSON lines) for `ecsim replay`')
    .option('--strategy <strategy>', 'RunTask placement strategy for requests that name none: random, binpack:memory, … or a module path (.mjs)')
    .option('--failure-detail <detail>', "RunTask failures: 'instances' (every ruled-out instance, as ECS) or 'summary'", failureDetailValue, 'instances')
    .action(async (flags: ServeFlags) => {
      await serve(flags);
    });
}

async function serve(flags: ServeFlags): Promise<void> {
  if (flags.play && flags.scenario === undefined) throw new CliError('ecsim serve: --play needs --scenario FILE', EXIT_USAGE);
  const recorded: RecordedOptions = {
    region: flags.region,
    longArns: flags.longArns === true,
    failureDetail: flags.failureDetail,
    play: flags.play === true,
  };
  if (flags.seed !== undefined) recorded.seed = flags.seed;
  if (flags.accountId !== undefined) recorded.accountId = flags.accountId;
  if (flags.scenario !== undefined) recorded.scenario = resolve(flags.scenario);
  if (flags.strategy !== undefined) recorded.strategy = flags.strategy;
  const service = new EcsService(await resolveServiceOptions(recorded));
  let recorder: Recorder | undefined;
  if (flags.record !== undefined) {
    try {
      recorder = new Recorder(flags.record, { ...recorded, seed: service.seed });
    } catch (e) {
      throw new CliError(`ecsim serve: cannot open ${flags.record} for appending: ${(e as Error).message}`, EXIT_USAGE);
    }
  }
  // the wall clock, read here and handed to the server's clock: nothing below src/cli reads it
  const clock = new ServerClock(flags.clock, () => performance.now());
  let server;
  try {
    server = await startServer({
      host: flags.host,
      port: flags.port,
      service,
      clock,
      metricsDocument: (r) => runReport(r),
      ...(recorder ? { recorder } : {}),
      onServerError: (action, res) => process.stderr.write(`ecsim serve: ${action || 'request'} answered 500: ${res.body}\n`),
    });
  } catch (e) {
    recorder?.close();
    throw new CliError(`ecsim serve: cannot listen on ${flags.host}:${flags.port}: ${(e as Error).message}`, EXIT_USAGE);
  }
  process.stdout.write(`${server.url}\n`);
  const clockText = flags.clock.mode === 'manual' ? 'manual clock (POST /_ecsim/advance)' : `realtime clock ×${flags.clock.speed}`;
  process.stderr.write(`ecsim serve: ECS endpoint at ${server.url} (default region ${flags.region}, ${clockText}); Ctrl-C stops\n`);
  await new Promise<void>((done) => {
    const stop = (signal: string): void => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      process.stderr.write(`ecsim serve: ${signal}: stopping\n`);
      void server.close().then(done);
    };
    const onInt = (): void => stop('SIGINT');
    const onTerm = (): void => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
}
