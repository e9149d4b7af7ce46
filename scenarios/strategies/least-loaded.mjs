// A custom placement strategy for ecsim: put each task on the instance running the fewest live
// tasks; among those, the one with the most free memory; among those, a seeded random one.
// Use it with `ecsim run scenario.yaml --strategy scenarios/strategies/least-loaded.mjs`,
// `ecsim compare … --strategies random,scenarios/strategies/least-loaded.mjs`, or `strategy:` in a
// scenario. The object's shape is ecsim's PlacementStrategy type:
//   { name: string; place(request, view, rng): number }
// `view.forEachCandidate(request, visit)` visits only instances that can take the task and satisfy
// its constraints, so whatever it returns is valid; -1 means "nowhere".

/** @type {import('ecsim').PlacementStrategy} */
export default {
  name: 'least-loaded',
  place(request, view, rng) {
    let best = [];
    let bestTasks = Infinity;
    let bestFree = -Infinity;
    view.forEachCandidate(request, (pos) => {
      const tasks = view.taskCount(pos);
      const free = view.remaining(pos, 'MEMORY');
      if (tasks < bestTasks || (tasks === bestTasks && free > bestFree)) {
        best = [pos];
        bestTasks = tasks;
        bestFree = free;
      } else if (tasks === bestTasks && free === bestFree) {
        best.push(pos);
      }
    });
    if (best.length === 0) return -1;
    return best.length === 1 ? best[0] : best[rng.int(best.length)];
  },
};
