import { maxWeightAssignment, type AssignmentGraph } from '../../../src/matching/max-weight-assignment';
import { createRandom, type Random } from '../../../src/matching/random';

interface Edge {
  left: number;
  right: number;
  weight: number;
}

/** A random graph; some left vertices share one list of edges (the places of one mentor). */
function randomGraph(random: Random): { graph: AssignmentGraph; edges: Edge[]; capacity: number[] } {
  const lists = random.between(1, 3);
  const rightCount = random.between(1, 5);
  const edges: Edge[] = [];
  const edgeStart = new Int32Array(lists);
  const edgeEnd = new Int32Array(lists);
  for (let list = 0; list < lists; list++) {
    edgeStart[list] = edges.length;
    for (let right = 0; right < rightCount; right++) {
      if (random.int(3) > 0) edges.push({ left: list, right, weight: random.between(0, 12) });
    }
    edgeEnd[list] = edges.length;
  }
  // Left vertex k uses list owner[k]; two left vertices on one list are two places of one mentor.
  const owner = Array.from({ length: random.between(1, 4) }, () => random.int(lists));
  // Places sharing a list could take one right vertex twice if it had room for two (see the contract).
  const shared = new Set(owner).size < owner.length;
  const graph: AssignmentGraph = {
    capacity: Array.from({ length: rightCount }, () => random.between(0, shared ? 1 : 2)),
    edgeStart: Int32Array.from(owner, (list) => edgeStart[list]!),
    edgeEnd: Int32Array.from(owner, (list) => edgeEnd[list]!),
    edgeRight: Int32Array.from(edges, (edge) => edge.right),
    edgeWeight: Int32Array.from(edges, (edge) => edge.weight),
  };
  return { graph, edges, capacity: Array.from(graph.capacity) };
}

/** The best total weight by trying, for every left vertex, each of its edges or none. */
function bruteForce(graph: AssignmentGraph): number {
  const room = Array.from(graph.capacity);
  const taken = new Set<number>();
  const search = (l: number): number => {
    if (l === graph.edgeStart.length) return 0;
    let best = search(l + 1);
    for (let e = graph.edgeStart[l]!; e < graph.edgeEnd[l]!; e++) {
      const right = graph.edgeRight[e]!;
      if (taken.has(e) || room[right]! === 0) continue;
      taken.add(e);
      room[right]!--;
      best = Math.max(best, graph.edgeWeight[e]! + search(l + 1));
      room[right]!++;
      taken.delete(e);
    }
    return best;
  };
  return search(0);
}

describe('maxWeightAssignment', () => {
  it('reaches the brute-force optimum and keeps capacities on 2,000 random graphs', () => {
    const random = createRandom(99);
    for (let round = 0; round < 2000; round++) {
      const { graph } = randomGraph(random);
      const chosen = maxWeightAssignment(graph);
      const load = new Map<number, number>();
      let total = 0;
      chosen.forEach((edge, l) => {
        if (edge < 0) return;
        expect(edge).toBeGreaterThanOrEqual(graph.edgeStart[l]!);
        expect(edge).toBeLessThan(graph.edgeEnd[l]!);
        const right = graph.edgeRight[edge]!;
        load.set(right, (load.get(right) ?? 0) + 1);
        total += graph.edgeWeight[edge]!;
      });
      for (const [right, count] of load) expect(count).toBeLessThanOrEqual(graph.capacity[right]!);
      // One edge carries one unit: two places of one mentor never take the same mentee.
      const used = Array.from(chosen).filter((edge) => edge >= 0);
      expect(new Set(used).size).toBe(used.length);
      expect({ round, total }).toEqual({ round, total: bruteForce(graph) });
    }
  });

  it('leaves a left vertex out rather than displace a heavier edge', () => {
    const graph: AssignmentGraph = {
      capacity: [1],
      edgeStart: Int32Array.of(0, 1),
      edgeEnd: Int32Array.of(1, 2),
      edgeRight: Int32Array.of(0, 0),
      edgeWeight: Int32Array.of(3, 9),
    };
    expect(Array.from(maxWeightAssignment(graph))).toEqual([-1, 1]);
  });
});
