// The cluster query language subset of memberOf: what it accepts, how it evaluates, and errors
// that name the column of the mistake.
import { describe, expect, it } from 'vitest';
import { PlacementParameterError } from '../../../src/placement/errors.js';
import { compileQuery, Q_FALSE, Q_MISSING, Q_TRUE } from '../../../src/placement/query.js';
import { mockCluster } from './mock-view.js';

const { view } = mockCluster([
  { attributes: { zone: 'us-east-1a', 'ecs.instance-type': 'm4.large', tier: 'web', cores: '8' }, groups: { db: 1 } },
  { attributes: { zone: 'us-east-1b', 'ecs.instance-type': 't2.small' }, connected: false },
]);
const at = (expr: string, pos: number) => compileQuery(expr)(view, pos);

describe('compileQuery: evaluation', () => {
  it.each([
    ['attribute:zone == us-east-1a', Q_TRUE, Q_FALSE],
    ['attribute:zone equals us-east-1b', Q_FALSE, Q_TRUE],
    ['attribute:zone != us-east-1a', Q_FALSE, Q_TRUE],
    ['attribute:ecs.instance-type in [m4.large, m4.xlarge]', Q_TRUE, Q_FALSE],
    ['attribute:ecs.instance-type in (t2.small)', Q_FALSE, Q_TRUE],
    ['attribute:ecs.instance-type !in [t2.small]', Q_TRUE, Q_FALSE],
    ['attribute:ecs.instance-type =~ t2.*', Q_FALSE, Q_TRUE],
    ['attribute:ecs.instance-type !~ t2.*', Q_TRUE, Q_FALSE],
    ["attribute:zone == 'us-east-1a'", Q_TRUE, Q_FALSE],
    ['attribute:tier == web', Q_TRUE, Q_MISSING],
    ['attribute:tier exists', Q_TRUE, Q_FALSE],
    ['attribute:tier !exists', Q_FALSE, Q_TRUE],
    ['attribute:cores >= 8', Q_TRUE, Q_MISSING],
    ['attribute:cores > 10', Q_FALSE, Q_MISSING],
    ['attribute:zone == us-east-1a or attribute:zone == us-east-1b', Q_TRUE, Q_TRUE],
    ['attribute:zone == us-east-1a and attribute:tier == web', Q_TRUE, Q_FALSE],
    ['attribute:zone==us-east-1b&&attribute:tier==web', Q_FALSE, Q_MISSING],
    ['attribute:tier == web || attribute:zone == us-east-1b', Q_TRUE, Q_TRUE],
    ['not (attribute:zone == us-east-1a)', Q_FALSE, Q_TRUE],
    ['(attribute:zone == us-east-1a or attribute:zone == x) and attribute:ecs.instance-type == m4.large', Q_TRUE, Q_FALSE],
    ['ec2InstanceId == i-00000001', Q_FALSE, Q_TRUE],
    ['task:group == db', Q_TRUE, Q_FALSE],
    ['task:group != db', Q_FALSE, Q_TRUE],
    ['agentConnected == true', Q_TRUE, Q_FALSE],
  ])('%s', (expr, first, second) => {
    expect([at(expr, 0), at(expr, 1)]).toEqual([first, second]);
  });
});

describe('compileQuery: errors', () => {
  it.each([
    ['', 'expected an expression', 1],
    ['attribute:zone === a', 'unexpected character "="', 18],
    ['attribute:zone', 'expected an operator', 15],
    ['zone == a', 'expected a subject', 1],
    ['attribute:zone == a and', 'expected a subject', 24],
    ['(attribute:zone == a', 'expected ")"', 21],
    ['attribute:zone in [a, b', 'expected "," or "]"', 24],
    ['attribute:zone == "a', 'unterminated quoted value', 19],
    ['attribute:zone =~ "(("', 'valid regular expression', 19],
    ['attribute:zone == a b', 'expected "and", "or" or the end', 21],
  ])('%j: %s at column %i', (expr, message, col) => {
    let err: unknown;
    try {
      compileQuery(expr, 'placementConstraints[0].expression');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PlacementParameterError);
    const msg = (err as Error).message;
    expect(msg).toContain('placementConstraints[0].expression');
    expect(msg).toContain(message);
    expect(msg).toContain(`column ${col}`);
  });

  it('refuses an expression longer than 2000 characters', () => {
    expect(() => compileQuery(`attribute:a == ${'x'.repeat(2000)}`)).toThrow(/at most 2000/);
  });
});
