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

  it('accounts decimal user-defined resources exactly (0.3 - 0.2 leaves 0.1, not 0.09999999999999998)', () => {
    // found with seed 41 once the generator drew decimal FPGA amounts
    const script = [
      'registerTaskDefinition family="web" containers=[{"name":"c0","cpu":0,"memory":64,"essential":false,"portMappings":[],"resources":[]},{"name":"c1","cpu":0,"memory":64,"essential":true,"portMappings":[],"resources":[["FPGA",0.1]]},{"name":"c2","cpu":0,"memory":64,"essential":true,"portMappings":[],"resources":[["FPGA",0.1]]}] omitZeroHostPort=false',
      'registerInstance cluster="c1" cpu=256 memory=512 ports=[] udpPorts=[] extras=[["FPGA","DOUBLE",0.3]] bad=null',
      'runTask cluster="c1" td={"pick":0,"form":"family"} count=1 badOverride=false',
    ];
    expect(() => runScript(script, { setting: setting() })).not.toThrow();
  });

  it('fits three tasks of FPGA 0.1 on an instance of FPGA 0.3, and one of 0.1 + 0.2', () => {
    const script = [
      'registerInstance cluster="c1" cpu=256 memory=512 ports=[] udpPorts=[] extras=[["FPGA","DOUBLE",0.3]] bad=null',
      'registerTaskDefinition family="tenth" containers=[{"name":"a","cpu":0,"memory":8,"essential":true,"portMappings":[],"resources":[["FPGA",0.1]]}] omitZeroHostPort=false',
      'startTask cluster="c1" td={"pick":2,"form":"revision"} instances=[{"pick":3,"form":"uuid"},{"pick":3,"form":"uuid"},{"pick":3,"form":"uuid"}]',
      'stopTask task=0 wrongCluster=false reason=null',
      'stopTask task=1 wrongCluster=false reason=null',
      'stopTask task=2 wrongCluster=false reason=null',
      'advance ms=100',
      'registerTaskDefinition family="mixed" containers=[{"name":"a","cpu":0,"memory":8,"essential":true,"portMappings":[],"resources":[["FPGA",0.1]]},{"name":"b","cpu":0,"memory":8,"essential":true,"portMappings":[],"resources":[["FPGA",0.2]]}] omitZeroHostPort=false',
      'startTask cluster="c1" td={"pick":3,"form":"revision"} instances=[{"pick":3,"form":"uuid"}]',
    ];
    expect(() => runScript(script, { setting: setting({ startDelayMs: 10, stopDelayMs: 10 }) })).not.toThrow();
  });
});
