// The sharding recipes in examples/ parse and say what ecsim needs: the Kubernetes Indexed Job's
// --shards equals its completions and its ConfigMap holds a valid scenario; the AWS Batch
// definitions pass --shards and read AWS_BATCH_JOB_ARRAY_INDEX, with the array size submit.sh
// gives; the GitHub Actions matrix has one job per shard and a merge job after them; the shell
// scripts are valid bash. (The Slurm recipe is proven by examples/slurm/local-demo.sh, which needs
// root and a few minutes.) Budget: under a second.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { loadScenario } from '../../src/scenario/load.js';
import { ROOT } from './cli-helpers.js';

const text = (p: string) => readFileSync(join(ROOT, 'examples', p), 'utf8');

interface Volume {
  name: string;
  configMap?: { name: string };
  persistentVolumeClaim?: { claimName: string };
}
interface K8sJob {
  kind: string;
  spec: { completionMode?: string; completions: number; parallelism: number; template: { spec: { containers: { args: string[] }[]; volumes: Volume[] } } };
}
interface ConfigMap {
  metadata: { name: string };
  data: Record<string, string>;
}
interface Claim {
  metadata: { name: string };
  spec: { accessModes: string[] };
}

function yamlDocs(p: string): unknown[] {
  const docs = parseAllDocuments(text(p));
  const list = Array.isArray(docs) ? docs : [docs];
  for (const d of list) expect(d.errors, p).toEqual([]);
  return list.map((d) => d.toJS() as unknown);
}

describe('Kubernetes recipe', () => {
  const [configMap, claim, job] = yamlDocs('kubernetes/compare-indexed-job.yaml') as [ConfigMap, Claim, K8sJob];
  const [merge] = yamlDocs('kubernetes/merge-job.yaml') as [K8sJob];

  it('is an Indexed Job whose --shards equals its completions', () => {
    expect(job.kind).toBe('Job');
    expect(job.spec.completionMode).toBe('Indexed');
    const args: string = job.spec.template.spec.containers[0]!.args.join(' ');
    expect(args).toMatch(/\$JOB_COMPLETION_INDEX\.jsonl/);
    expect(Number(/--shards (\d+)/.exec(args)![1])).toBe(job.spec.completions);
    expect(job.spec.parallelism).toBeLessThanOrEqual(job.spec.completions);
  });

  it('mounts the scenario ConfigMap and the shared claim the merge reads', () => {
    const volumes = job.spec.template.spec.volumes;
    expect(volumes.find((v) => v.configMap)?.configMap?.name).toBe(configMap.metadata.name);
    expect(claim.spec.accessModes).toContain('ReadWriteMany');
    const claimOf = (j: K8sJob) => j.spec.template.spec.volumes.find((v) => v.persistentVolumeClaim)?.persistentVolumeClaim?.claimName;
    expect(claimOf(job)).toBe(claim.metadata.name);
    expect(claimOf(merge)).toBe(claim.metadata.name);
    expect(merge.spec.template.spec.containers[0]!.args.join(' ')).toMatch(/ecsim merge \/results\/shard-\*\.jsonl/);
  });

  it('holds a scenario ecsim loads in its ConfigMap', () => {
    const loaded = loadScenario(configMap.data['scenario.yaml']!, 'scenario.yaml');
    expect(loaded.ok ? [] : loaded.errors).toEqual([]);
  });
});

describe('AWS Batch recipe', () => {
  const shard = JSON.parse(text('aws-batch/job-definition.json')) as { parameters: Record<string, string>; containerProperties: { command: string[] } };
  const merge = JSON.parse(text('aws-batch/merge-job-definition.json')) as { containerProperties: { command: string[] } };
  const submit = text('aws-batch/submit.sh');

  it('passes --shards (Batch sets no array size) with the size submit.sh submits', () => {
    const command = shard.containerProperties.command.join(' ');
    expect(command).toMatch(/--shards Ref::shards/);
    expect(command).toMatch(/shard-\$AWS_BATCH_JOB_ARRAY_INDEX\.jsonl/);
    const size = /^SHARDS=(\d+)$/m.exec(submit)![1];
    expect(shard.parameters.shards).toBe(size);
    expect(submit).toMatch(/--array-properties size=\$SHARDS/);
    expect(submit).toMatch(/--depends-on jobId="\$array"/);
    expect(merge.containerProperties.command.join(' ')).toMatch(/ecsim merge \/results\/Ref::run\/shard-\*\.jsonl/);
  });
});

describe('GitHub Actions recipe', () => {
  const wf = parseYaml(text('github-actions/sharded-compare.yml')) as { jobs: Record<string, { needs?: string; strategy?: { matrix: { shard: number[] } }; steps: { run?: string; with?: Record<string, unknown> }[] }> };

  it('runs one matrix job per shard of --shard I/N, and the merge after all of them', () => {
    const shards = wf.jobs.shard!.strategy!.matrix.shard;
    const run = wf.jobs.shard!.steps.map((s) => s.run ?? '').join('\n');
    const n = Number(/--shard \$\{\{ matrix\.shard \}\}\/(\d+)/.exec(run)![1]);
    expect(shards).toEqual([...Array(n).keys()]);
    expect(wf.jobs.merge!.needs).toBe('shard');
    expect(wf.jobs.merge!.steps.some((s) => s.with?.pattern === 'ecsim-shard-*' && s.with['merge-multiple'] === true)).toBe(true);
    expect(wf.jobs.merge!.steps.map((s) => s.run ?? '').join('\n')).toMatch(/ecsim merge shards\/\*\.jsonl/);
  });
});

describe('shell scripts', () => {
  it.each(['slurm/shard.sbatch', 'slurm/merge.sbatch', 'slurm/local-demo.sh', 'aws-batch/submit.sh'])('%s is valid bash', (p) => {
    const r = spawnSync('bash', ['-n', join(ROOT, 'examples', p)], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('the Slurm merge waits for the whole array with afterok', () => {
    expect(text('slurm/merge.sbatch')).toMatch(/--dependency=afterok:\$array/);
    expect(text('slurm/local-demo.sh')).toMatch(/--dependency=afterok:"\$array"/);
  });
});
