#!/usr/bin/env node
// Writes src/server/ecs-model.json: the shapes of ECS's service model (the AWS SDKs' JSON, latest
// version) that the 20 actions of ecsim serve read and write, without documentation. The server's
// JSON 1.1 parser and serializer are driven by it. Run again when the reference model changes:
//   node tools/trim-service-model.mjs ../shared/reference/ecs-2014-11-13.service-2.latest.json
import { readFileSync, writeFileSync } from 'node:fs';

const ACTIONS = [
  'CreateCluster', 'ListClusters', 'DescribeClusters', 'DeleteCluster',
  'RegisterContainerInstance', 'DeregisterContainerInstance', 'ListContainerInstances', 'DescribeContainerInstances',
  'RegisterTaskDefinition', 'DeregisterTaskDefinition', 'ListTaskDefinitions', 'DescribeTaskDefinition',
  'RunTask', 'StartTask', 'StopTask', 'ListTasks', 'DescribeTasks',
  'SubmitTaskStateChange', 'SubmitContainerStateChange', 'DiscoverPollEndpoint',
];
const KEEP_SHAPE = ['type', 'required', 'members', 'member', 'key', 'value', 'enum', 'exception', 'fault', 'error'];

const source = process.argv[2];
if (!source) {
  process.stderr.write('usage: node tools/trim-service-model.mjs SERVICE-2.JSON\n');
  process.exit(2);
}
const model = JSON.parse(readFileSync(source, 'utf8'));
const shapes = {};
const visit = (name) => {
  if (shapes[name]) return;
  const s = model.shapes[name];
  const out = {};
  for (const k of KEEP_SHAPE) if (s[k] !== undefined) out[k] = s[k];
  if (out.members) {
    out.members = Object.fromEntries(Object.entries(out.members).map(([m, v]) => [m, { shape: v.shape }]));
  }
  shapes[name] = out;
  for (const k of ['member', 'key', 'value']) if (s[k]) visit(s[k].shape);
  for (const m of Object.values(s.members ?? {})) visit(m.shape);
};
const operations = {};
for (const a of ACTIONS) {
  const op = model.operations[a];
  operations[a] = { input: op.input.shape, output: op.output.shape, errors: op.errors.map((e) => e.shape) };
  visit(op.input.shape);
  visit(op.output.shape);
  for (const e of op.errors) visit(e.shape);
}
const sorted = Object.fromEntries(Object.keys(shapes).sort().map((k) => [k, shapes[k]]));
const out = { metadata: model.metadata, operations, shapes: sorted };
writeFileSync(new URL('../src/server/ecs-model.json', import.meta.url), `${JSON.stringify(out, null, 1)}\n`);
process.stderr.write(`${ACTIONS.length} operations, ${Object.keys(sorted).length} shapes\n`);
