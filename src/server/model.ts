// ECS's service model (the AWS SDKs' JSON, trimmed by tools/trim-service-model.mjs to the shapes of
// the 20 actions), read once: the JSON 1.1 parser and serializer walk these shapes, so the wire
// format is the one the SDKs are generated from, not a second hand-written copy of it.
import model from './ecs-model.json' with { type: 'json' };

export type ShapeType = 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'double' | 'boolean' | 'timestamp';

export interface Shape {
  readonly type: ShapeType;
  readonly required?: readonly string[];
  readonly members?: Readonly<Record<string, { readonly shape: string }>>;
  readonly member?: { readonly shape: string };
  readonly key?: { readonly shape: string };
  readonly value?: { readonly shape: string };
  readonly exception?: boolean;
  readonly fault?: boolean;
}

export interface Operation {
  readonly input: string;
  readonly output: string;
  readonly errors: readonly string[];
}

const shapes = model.shapes as unknown as Readonly<Record<string, Shape>>;
const operations = model.operations as unknown as Readonly<Record<string, Operation>>;

/** `AmazonEC2ContainerServiceV20141113`: what X-Amz-Target starts with. */
export const TARGET_PREFIX: string = model.metadata.targetPrefix;

/** The 20 actions, in the model's order. */
export const ACTIONS: readonly string[] = Object.keys(operations);

export function operation(action: string): Operation | undefined {
  return Object.prototype.hasOwnProperty.call(operations, action) ? operations[action] : undefined;
}

/** @throws Error for a name the model does not have (a bug in ecsim, not a caller mistake). */
export function shape(name: string): Shape {
  const s = shapes[name];
  if (!s) throw new Error(`shape ${name} is not in the service model`);
  return s;
}
