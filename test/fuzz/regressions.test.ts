// Every counterexample the fuzzer found, shrunk, kept as a plain regression test: each script is
// the failure report's command lines, replayed through the same model and invariants.
import { describe, expect, it } from 'vitest';
import { runScript, type ScriptOptions } from '../../src/fuzz/run.js';

const setting = (over: Partial<ScriptOptions['setting']> = {}): ScriptOptions['setting'] => ({
  mode: 'auto',
  startDelayMs: 0,
  stopDelayMs: 0,
  simSeed: 0,
  strategy: 'random',
  ...over,
});

describe('fuzz regressions', () => {
  it('refuses a fixed host port that a live task holds as its dynamic port (was placed twice)', () => {
    // found with seed 1: worker's dynamic UDP port 49154, then a definition asking for UDP 49154
    const script = [
      'startTask cluster="default" td={"pick":1,"form":"family"} instances=[{"pick":0,"form":"arn"}]',
      'registerTaskDefinition family="web" containers=[{"name":"c0","cpu":0,"memory":64,"essential":true,"portMappings":[{"containerPort":53,"hostPort":49154,"protocol":"udp"}],"resources":[]}] omitZeroHostPort=false',
      'startTask cluster="default" td={"pick":2,"form":"revision"} instances=[{"pick":0,"form":"arn"}]',
    ];
    expect(() => runScript(script, { setting: setting() })).not.toThrow();
  });

  it('never hands out a dynamic port that the instance reserves for UDP', () => {
    // the worker's UDP mapping got dynamic port 49154, which the instance had reserved in PORTS_UDP
    const script = [
      'registerInstance cluster=null cpu=1024 memory=2048 ports=[] udpPorts=[49154] extras=[] bad=null',
      'startTask cluster="default" td={"pick":1,"form":"revision"} instances=[{"pick":3,"form":"uuid"}]',
    ];
    expect(() => runScript(script, { setting: setting({ mode: 'manual' }) })).not.toThrow();
  });
});
