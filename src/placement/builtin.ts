// The built-in strategies — random, binpack, spread, first-fit and their ordered combinations —
// and the short text form the CLI and scenarios use for them:
//
//   random | first-fit | binpack:cpu | binpack:memory | spread:instanceId | spread:host | spread:NAME
//   (`spread:NAME` and `spread:attribute:NAME` spread over the attribute NAME), also written
//   `binpack(memory)`; combinations in order with `then` or `+`: `spread:zone then binpack:memory`.
//
// All are the same pipeline with different scorers; one scorer alone (binpack, spread by instance,
// first-fit), and spread by an attribute alone or followed by one of those, are answered from score
// trees with the pipeline's exact pick (indexed-strategy.ts). Random asks the view for its uniform sample
// (InstanceView.sampleUniform): the control plane's view answers with the 2015 RunTask draws, and a
// view that offers none gets the pipeline with no scorer, also uniform. Strategies after `random`
// in a list never matter (random picks uniformly among what ties before it), so they are dropped.
import { PlacementParameterError } from './errors.js';
import { attributeSpreadStrategy, indexedStrategy } from './indexed-strategy.js';
import { strategyField } from './parse.js';
import { pipelineStrategy } from './pipeline.js';
import { binpackScorer, firstFitScorer, spreadAttributeScorer, spreadInstanceScorer } from './scorers.js';
import type { ScoreKind } from './score-tree.js';
import type { PlacementStrategy, PlacementStrategySpec, Scorer } from './types.js';

const uniformAmongCandidates = pipelineStrategy('random', []);

/** The 2015 RunTask behaviour: uniform among the instances that can take the task. */
export const RANDOM: PlacementStrategy = {
  name: 'random',
  place(request, view, rng) {
    return view.sampleUniform ? view.sampleUniform(request, rng) : uniformAmongCandidates.place(request, view, rng);
  },
};

/** The text form of one spec, e.g. `binpack:memory`, `spread:zone`, `first-fit`. */
export function specText(spec: PlacementStrategySpec): string {
  if (spec.field === undefined) return spec.type;
  const f = spec.type === 'spread' && spec.field.startsWith('attribute:') ? spec.field.slice('attribute:'.length) : spec.field;
  return `${spec.type}:${f}`;
}

function scorerOf(spec: PlacementStrategySpec): Scorer {
  switch (spec.type) {
    case 'binpack':
      return binpackScorer(spec.field === 'cpu' ? 'cpu' : 'memory');
    case 'spread': {
      const attribute = spreadAttributeOf(spec);
      return attribute === undefined ? spreadInstanceScorer : spreadAttributeScorer(attribute);
    }
    case 'first-fit':
      return firstFitScorer;
    case 'random':
      throw new RangeError('random has no scorer');
  }
}

/** The attribute a spec spreads over, if it is spread by an attribute. */
function spreadAttributeOf(spec: PlacementStrategySpec): string | undefined {
  if (spec.type !== 'spread' || spec.field === 'instanceId' || spec.field === 'host') return undefined;
  return (spec.field ?? '').slice('attribute:'.length);
}

/** The score tree that stands for a spec alone, if one does (spread by an attribute has none). */
function scoreKindOf(spec: PlacementStrategySpec): ScoreKind | undefined {
  if (spec.type === 'binpack') return spec.field === 'cpu' ? 'binpack:cpu' : 'binpack:memory';
  if (spec.type === 'spread' && (spec.field === 'instanceId' || spec.field === 'host')) return 'spread:instance';
  if (spec.type === 'first-fit') return 'first-fit';
  return undefined;
}

/**
 * The strategy of an ordered list of specs (already validated; see parsePlacementStrategies).
 * An empty list, or one starting with random, is RANDOM.
 */
export function strategyFromSpecs(specs: readonly PlacementStrategySpec[]): PlacementStrategy {
  const cut = specs.findIndex((s) => s.type === 'random');
  const used = cut < 0 ? specs : specs.slice(0, cut);
  if (used.length === 0) return RANDOM;
  const name = specs.slice(0, cut < 0 ? specs.length : cut + 1).map(specText).join(' then ');
  const kind = used.length === 1 ? scoreKindOf(used[0]!) : undefined;
  if (kind !== undefined) return indexedStrategy(name, kind, scorerOf(used[0]!));
  const attribute = spreadAttributeOf(used[0]!);
  const next = used.length === 2 ? scoreKindOf(used[1]!) : undefined;
  if (attribute !== undefined && (used.length === 1 || next !== undefined)) {
    return attributeSpreadStrategy(name, attribute, next ?? 'none', used.map(scorerOf));
  }
  return pipelineStrategy(name, used.map(scorerOf));
}

const TYPES = ['random', 'binpack', 'spread', 'first-fit'] as const;

/** True when `text` names a module file rather than a built-in strategy. */
export function isModuleSpec(text: string): boolean {
  return /\.(m?js|cjs)$/.test(text.trim()) || text.includes('/') || text.includes('\\');
}

/**
 * Parses the text form (see the top of this file) into specs.
 * @throws PlacementParameterError with the accepted forms when it is not one.
 */
export function parseStrategyText(text: string): PlacementStrategySpec[] {
  const parts = text
    .trim()
    .split(/\s+then\s+|\s*\+\s*/)
    .map((p) => p.trim());
  if (parts.length > 5) throw new PlacementParameterError(`strategy "${text}": at most 5 strategies can be combined.`);
  return parts.map((part) => {
    const m = /^([a-zA-Z-]+)(?::(.+)|\((.+)\))?$/.exec(part);
    const type = m?.[1];
    const known = TYPES.find((t) => t === type);
    if (!m || !known) {
      throw new PlacementParameterError(
        `strategy "${part}" is not one of random, first-fit, binpack:cpu, binpack:memory, spread:instanceId, spread:ATTRIBUTE (or a module path ending in .mjs or .js).`,
      );
    }
    let field = (m[2] ?? m[3])?.trim();
    if (known === 'spread') {
      // `spread` alone spreads over instances; a bare NAME means the attribute NAME
      if (field === undefined) field = 'instanceId';
      else if (field !== 'instanceId' && field !== 'host' && !field.startsWith('attribute:')) field = `attribute:${field}`;
    }
    if ((known === 'random' || known === 'first-fit') && field !== undefined) {
      throw new PlacementParameterError(`strategy "${part}": ${known} takes no field.`);
    }
    if (known === 'binpack' && field?.toLowerCase() !== 'cpu' && field?.toLowerCase() !== 'memory') {
      throw new PlacementParameterError(`strategy "${part}": binpack needs a field: binpack:cpu or binpack:memory.`);
    }
    const f = strategyField(known, field, `strategy "${part}"`);
    return f === undefined ? { type: known } : { type: known, field: f };
  });
}

/**
 * A built-in strategy from its text form, e.g. `binpack:memory` or `spread:zone then binpack:cpu`.
 * @throws PlacementParameterError
 */
export function builtinStrategy(text: string): PlacementStrategy {
  return strategyFromSpecs(parseStrategyText(text));
}
