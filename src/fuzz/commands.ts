// Every fuzz command by its script name, and the reader of fuzz scripts. A command's `toString`
// prints a script line, `runTask cluster="c1" td={"pick":1,"form":"revision"} count=5`, that
// parseCommand reads back, so a shrunk counterexample can be saved and replayed. The commands
// themselves: fleet-commands.ts (clusters, instances, task definitions), task-commands.ts (tasks,
// the agent, the clock); their base: command.ts.
import type { FuzzCommand } from './command.js';
import { ConnectAgent, CreateCluster, DeleteCluster, DeregisterInstance, DeregisterTaskDefinition, DisconnectAgent, RegisterInstance, RegisterTaskDefinition } from './fleet-commands.js';
import { Advance, RunTask, StartTask, StopTask, SubmitContainerStateChange, SubmitTaskStateChange } from './task-commands.js';

export { FuzzCommand, scriptLine } from './command.js';
export { UNKNOWN_UUID, type ExtraResource, type InstanceRef, type RegisterInstanceArgs, type TdRef } from './command-args.js';
export { ConnectAgent, CreateCluster, DeleteCluster, DeregisterInstance, DeregisterTaskDefinition, DisconnectAgent, RegisterInstance, RegisterTaskDefinition, whyInvalidContainers } from './fleet-commands.js';
export { Advance, RunTask, StartTask, StopTask, SubmitContainerStateChange, SubmitTaskStateChange } from './task-commands.js';

type Factory = (args: never) => FuzzCommand;

/** Every command by its script name. */
export const COMMANDS: Readonly<Record<string, Factory>> = {
  createCluster: (a: CreateCluster['args']) => new CreateCluster(a),
  deleteCluster: (a: DeleteCluster['args']) => new DeleteCluster(a),
  registerInstance: (a: RegisterInstance['args']) => new RegisterInstance(a),
  deregisterInstance: (a: DeregisterInstance['args']) => new DeregisterInstance(a),
  disconnectAgent: (a: DisconnectAgent['args']) => new DisconnectAgent(a),
  connectAgent: (a: ConnectAgent['args']) => new ConnectAgent(a),
  registerTaskDefinition: (a: RegisterTaskDefinition['args']) => new RegisterTaskDefinition(a),
  deregisterTaskDefinition: (a: DeregisterTaskDefinition['args']) => new DeregisterTaskDefinition(a),
  runTask: (a: RunTask['args']) => new RunTask(a),
  startTask: (a: StartTask['args']) => new StartTask(a),
  stopTask: (a: StopTask['args']) => new StopTask(a),
  submitTaskStateChange: (a: SubmitTaskStateChange['args']) => new SubmitTaskStateChange(a),
  submitContainerStateChange: (a: SubmitContainerStateChange['args']) => new SubmitContainerStateChange(a),
  advance: (a: Advance['args']) => new Advance(a),
};

/**
 * Reads one script line (as `toString` prints it) back into a command.
 * @throws SyntaxError naming what is wrong with the line.
 */
export function parseCommand(line: string): FuzzCommand {
  const [name, ...parts] = line.trim().split(/\s+/);
  const make = name === undefined ? undefined : COMMANDS[name];
  if (!make) throw new SyntaxError(`unknown fuzz command ${JSON.stringify(name)} (known: ${Object.keys(COMMANDS).join(', ')})`);
  const args: Record<string, unknown> = {};
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new SyntaxError(`${name}: expected key=value, got ${JSON.stringify(part)}`);
    try {
      args[part.slice(0, eq)] = JSON.parse(part.slice(eq + 1));
    } catch {
      throw new SyntaxError(`${name}: the value of ${part.slice(0, eq)} is not JSON: ${part.slice(eq + 1)}`);
    }
  }
  return make(args as never);
}
