// RegisterTaskDefinition, DeregisterTaskDefinition, ListTaskDefinitions, DescribeTaskDefinition.
import { demandOf } from '../model/demand.js';
import type {
  ContainerDefinition,
  DeregisterTaskDefinitionRequest,
  DeregisterTaskDefinitionResponse,
  DescribeTaskDefinitionRequest,
  DescribeTaskDefinitionResponse,
  ListTaskDefinitionsRequest,
  ListTaskDefinitionsResponse,
  RegisterTaskDefinitionRequest,
  RegisterTaskDefinitionResponse,
} from './api-types.js';
import type { ControlPlane } from './control-plane.js';
import { clientError, invalidParameter } from './errors.js';
import { page } from './pagination.js';
import { findTaskDefinition } from './references.js';
import type { TaskDefinitionRecord } from './state.js';
import { expectObject, optionalString, requireString } from './validate.js';
import { taskDefinitionView } from './views.js';

const NAME = /^[a-zA-Z0-9_-]{1,255}$/;
const MAX_CONTAINERS = 10;
const MIN_MEMORY_MIB = 4;

function isInt(v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

function stringArray(v: unknown, what: string): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw clientError(`${what} must be a list of strings.`);
  return [...(v as string[])];
}

/** Validates one container definition and returns it as the API will report it. */
function normalizeContainer(raw: unknown, i: number): ContainerDefinition {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw clientError(`containerDefinitions[${i}] must be an object.`);
  const c = raw as Record<string, unknown>;
  if (typeof c.name !== 'string' || !NAME.test(c.name)) {
    throw clientError(`Container name is required and may contain up to 255 letters, numbers, hyphens and underscores (containerDefinitions[${i}]).`);
  }
  const name = c.name;
  if (typeof c.image !== 'string' || c.image.length === 0) throw clientError(`Container.image should not be null or empty (container '${name}').`);
  if (c.memory === undefined) throw clientError(`Invalid setting for container '${name}'. 'memory' must be specified.`);
  if (!isInt(c.memory, MIN_MEMORY_MIB)) throw clientError(`Invalid 'memory' setting for container '${name}': an integer of at least ${MIN_MEMORY_MIB} MiB.`);
  if (c.cpu !== undefined && !isInt(c.cpu, 0)) throw clientError(`Invalid 'cpu' setting for container '${name}': a non-negative integer.`);
  if (c.essential !== undefined && typeof c.essential !== 'boolean') throw clientError(`'essential' must be a boolean (container '${name}').`);
  const out: ContainerDefinition = { name, image: c.image, cpu: (c.cpu as number | undefined) ?? 0, memory: c.memory };
  const links = stringArray(c.links, `links of '${name}'`);
  if (links) out.links = links;
  if (c.portMappings !== undefined) {
    if (!Array.isArray(c.portMappings)) throw clientError(`portMappings of '${name}' must be a list.`);
    out.portMappings = c.portMappings.map((pm: unknown) => {
      if (typeof pm !== 'object' || pm === null) throw clientError(`portMappings of '${name}' must be objects.`);
      const m = pm as Record<string, unknown>;
      if (!isInt(m.containerPort, 1, 65535)) throw clientError(`Invalid containerPort in '${name}': an integer from 1 to 65535.`);
      if (m.hostPort !== undefined && !isInt(m.hostPort, 0, 65535)) throw clientError(`Invalid hostPort in '${name}': an integer from 0 to 65535.`);
      if (m.protocol !== undefined && m.protocol !== 'tcp' && m.protocol !== 'udp') throw clientError(`Invalid protocol in '${name}': tcp or udp.`);
      const mapping: NonNullable<ContainerDefinition['portMappings']>[number] = { containerPort: m.containerPort };
      if (m.hostPort !== undefined) mapping.hostPort = m.hostPort;
      if (m.protocol !== undefined) mapping.protocol = m.protocol;
      return mapping;
    });
  }
  out.essential = c.essential !== false;
  const entryPoint = stringArray(c.entryPoint, `entryPoint of '${name}'`);
  if (entryPoint) out.entryPoint = entryPoint;
  const command = stringArray(c.command, `command of '${name}'`);
  if (command) out.command = command;
  if (c.environment !== undefined) {
    if (!Array.isArray(c.environment)) throw clientError(`environment of '${name}' must be a list.`);
    out.environment = c.environment.map((e: unknown) => {
      if (typeof e !== 'object' || e === null) throw clientError(`environment of '${name}' must hold {name, value} pairs.`);
      const kv = e as Record<string, unknown>;
      const pair: { name?: string; value?: string } = {};
      if (typeof kv.name === 'string') pair.name = kv.name;
      if (typeof kv.value === 'string') pair.value = kv.value;
      return pair;
    });
  }
  if (c.resourceRequirements !== undefined) {
    if (!Array.isArray(c.resourceRequirements)) throw clientError(`resourceRequirements of '${name}' must be a list.`);
    out.resourceRequirements = c.resourceRequirements.map((rr: unknown) => {
      const r = (rr ?? {}) as Record<string, unknown>;
      const type = r.type;
      const value = r.value;
      if (typeof type !== 'string' || !NAME.test(type) || ['CPU', 'MEMORY', 'PORTS', 'PORTS_UDP'].includes(type)) {
        throw clientError(`resourceRequirements of '${name}' need a user-defined resource type (e.g. GPU).`);
      }
      if (typeof value !== 'string' || !/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0) {
        throw clientError(`resourceRequirements of '${name}' need a positive numeric value string.`);
      }
      return { type, value };
    });
  }
  return out;
}

export function registerTaskDefinition(cp: ControlPlane, req: RegisterTaskDefinitionRequest): RegisterTaskDefinitionResponse {
  expectObject(req, 'request');
  const family = requireString(req.family, 'family');
  if (!NAME.test(family)) throw clientError('Family may contain up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores.');
  if (!Array.isArray(req.containerDefinitions) || req.containerDefinitions.length === 0) {
    throw clientError('containerDefinitions must list at least one container.');
  }
  if (req.containerDefinitions.length > MAX_CONTAINERS) throw clientError(`A task definition may have at most ${MAX_CONTAINERS} containers.`);
  const defs = (req.containerDefinitions as unknown[]).map(normalizeContainer);
  const names = new Set<string>();
  const hostPorts = new Set<string>();
  for (const d of defs) {
    if (names.has(d.name!)) throw clientError(`Container name '${d.name}' is used more than once.`);
    names.add(d.name!);
    for (const pm of d.portMappings ?? []) {
      if (!pm.hostPort) continue;
      const key = `${pm.protocol ?? 'tcp'}/${pm.hostPort}`;
      if (hostPorts.has(key)) throw clientError(`Host port ${pm.hostPort} is used more than once in the task definition.`);
      hostPorts.add(key);
    }
    for (const link of d.links ?? []) {
      const target = link.split(':')[0]!;
      if (!req.containerDefinitions.some((x) => x?.name === target)) throw clientError(`Container '${d.name}' links to unknown container '${target}'.`);
    }
  }
  if (!defs.some((d) => d.essential)) throw clientError('Task definition does not have any essential container.');
  let revs = cp.families.get(family);
  const revision = (revs?.length ?? 0) + 1;
  const td: TaskDefinitionRecord = {
    family,
    revision,
    arn: `${cp.prefixes.taskDefinition}${family}:${revision}`,
    seq: cp.nextSeq(),
    containerDefinitions: defs,
    demand: demandOf(defs),
    familyGroup: `family:${family}`,
    status: 'ACTIVE',
  };
  if (!revs) cp.families.set(family, (revs = []));
  revs.push(td);
  cp.taskDefinitions.push(td);
  return { taskDefinition: taskDefinitionView(td) };
}

/** @throws ClientException when `ref` names no task definition. */
export function resolveTaskDefinition(cp: ControlPlane, ref: unknown): TaskDefinitionRecord {
  const text = requireString(ref, 'taskDefinition');
  const td = findTaskDefinition(cp, text);
  if (!td) throw clientError('Unable to describe task definition.');
  return td;
}

export function deregisterTaskDefinition(cp: ControlPlane, req: DeregisterTaskDefinitionRequest): DeregisterTaskDefinitionResponse {
  expectObject(req, 'request');
  const ref = requireString(req.taskDefinition, 'taskDefinition');
  const spec = ref.startsWith('arn:') ? ref.slice(ref.indexOf('/') + 1) : ref;
  if (!/:[0-9]+$/.test(spec)) throw clientError('Revision is required: use family:revision or a full ARN.');
  const td = resolveTaskDefinition(cp, ref);
  td.status = 'INACTIVE';
  return { taskDefinition: taskDefinitionView(td) };
}

export function describeTaskDefinition(cp: ControlPlane, req: DescribeTaskDefinitionRequest): DescribeTaskDefinitionResponse {
  expectObject(req, 'request');
  return { taskDefinition: taskDefinitionView(resolveTaskDefinition(cp, req.taskDefinition)) };
}

export function listTaskDefinitions(cp: ControlPlane, req: ListTaskDefinitionsRequest | undefined): ListTaskDefinitionsResponse {
  const prefix = optionalString(req?.familyPrefix, 'familyPrefix');
  const status = req?.status ?? 'ACTIVE';
  if (status !== 'ACTIVE' && status !== 'INACTIVE') throw invalidParameter('status must be ACTIVE or INACTIVE.');
  const sort = req?.sort ?? 'ASC';
  if (sort !== 'ASC' && sort !== 'DESC') throw invalidParameter('sort must be ASC or DESC.');
  // Despite its name, ECS documents familyPrefix of ListTaskDefinitions as the full family name.
  const keep = (td: TaskDefinitionRecord): boolean => td.status === status && (prefix === undefined || td.family === prefix);
  let items = cp.taskDefinitions;
  if (sort === 'DESC') {
    // a reversed copy with mirrored sequence numbers, so paging stays monotonic
    items = [...items].reverse().map((td) => ({ ...td, seq: 1e12 - td.seq })) as TaskDefinitionRecord[];
  }
  const p = page(sort === 'DESC' ? 'task-definitions-desc' : 'task-definitions', items, keep, req);
  const out: ListTaskDefinitionsResponse = { taskDefinitionArns: p.items.map((td) => td.arn) };
  if (p.nextToken) out.nextToken = p.nextToken;
  return out;
}
