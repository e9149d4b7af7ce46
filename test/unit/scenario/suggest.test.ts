import { describe, expect, it } from 'vitest';

import { closest, didYouMean, editDistance } from '../../../src/scenario/suggest.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', 'abc', 0],
    ['arival', 'arrival', 1],
    ['arrvial', 'arrival', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
  ])('%j → %j is %d', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  it('gives up past the limit', () => {
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
  });
});

describe('closest', () => {
  const keys = ['name', 'cluster', 'taskDefinition', 'arrival', 'lifetime', 'count', 'retry', 'launch', 'placementStrategy'];

  it.each([
    ['arival', 'arrival'],
    ['taskDefiniton', 'taskDefinition'],
    ['task_definition', 'taskDefinition'],
    ['Count', 'count'],
    ['placement-strategy', 'placementStrategy'],
    ['lifetme', 'lifetime'],
  ])('suggests %j for %j', (input, want) => {
    expect(closest(input, keys)).toBe(want);
  });

  it.each(['zzz', 'x', 'image', 'a'.repeat(500)])('suggests nothing for %j', (input) => {
    expect(closest(input, keys)).toBeUndefined();
  });

  it('formats a suggestion for a message', () => {
    expect(didYouMean('poison', ['poisson', 'every'])).toBe(' (did you mean "poisson"?)');
    expect(didYouMean('zzz', ['poisson'])).toBe('');
  });
});
