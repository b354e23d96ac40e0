import { MinHeap } from './binary-heap';

/**
 * A bipartite graph for a capacitated assignment: each left vertex takes at most one right
 * vertex; right vertex `r` takes at most `capacity[r]`. The edges of left `l` are
 * `edgeStart[l] .. edgeEnd[l] - 1`, to `edgeRight[e]`, worth the integer `edgeWeight[e]`.
 * Left vertices may share a range of edges (the places of one mentor) when the right vertices
 * they reach have capacity 1: otherwise two of them could take the same right vertex twice.
 */
export interface AssignmentGraph {
  capacity: ArrayLike<number>;
  edgeStart: Int32Array;
  edgeEnd: Int32Array;
  edgeRight: Int32Array;
  edgeWeight: Int32Array;
}

/**
 * The assignment of greatest total weight, as the chosen edge of each left vertex (−1: none).
 *
 * It is a min-cost flow solved by successive shortest paths with Johnson potentials:
 * - every left vertex sends one unit to a sink T, either through one of its edges and then the
 *   right vertex's capacity (cost `W − weight`, W the largest weight) or straight to T along an
 *   "unassigned" arc (cost W). Total cost = n·W − total weight, so least cost is greatest weight,
 *   and a left vertex stays unassigned exactly when no augmenting path would add weight: this is
 *   maximum weight, not maximum cardinality. Costs start non-negative, so potentials start at 0.
 * - Left vertices enter one at a time (in index order); each sends its unit along a shortest
 *   path in the residual graph (Dijkstra on reduced costs, a binary heap, stopping when T is
 *   settled). Paths may move earlier left vertices to other right vertices or unassign them.
 *   Augmenting along a shortest path keeps the flow of least cost for the vertices entered so far.
 * - Potentials then move only for settled vertices (π += dist − dist(T)), which keeps every
 *   reduced cost non-negative; each search touches only the part of the graph it needs.
 * Costs are integers, so every comparison is exact; ties go to smaller vertex indices.
 */
export function maxWeightAssignment(graph: AssignmentGraph): Int32Array {
  const solver = new AssignmentSolver(graph);
  for (let l = 0; l < graph.edgeStart.length; l++) solver.enter(l);
  return solver.chosen;
}

/**
 * Vertices: the sink T = 0, right vertices 1..R, left vertices R+1..R+L; T comes first so that a
 * search stops as soon as T is as near as anything left to explore. The residual arcs
 * are implicit: a left vertex reaches the right vertices of its other edges and T (unassigning
 * it); a right vertex reaches the left vertices assigned to it (undoing that) and T if it has room.
 */
class AssignmentSolver {
  readonly chosen: Int32Array;
  private readonly rightCount: number;
  private readonly sink = 0;
  /** The first left vertex: right vertex r is 1 + r, left vertex l is leftBase + l. */
  private readonly leftBase: number;
  private readonly maxWeight: number;
  private readonly assigned: number[][];
  private readonly potential: Float64Array;
  private readonly dist: Float64Array;
  private readonly reachedIn: Int32Array;
  private readonly settledIn: Int32Array;
  private readonly parent: Int32Array;
  private readonly parentEdge: Int32Array;
  private readonly heap = new MinHeap();
  private readonly settled: number[] = [];
  private search = 0;

  constructor(private readonly graph: AssignmentGraph) {
    const leftCount = graph.edgeStart.length;
    this.rightCount = graph.capacity.length;
    this.leftBase = 1 + this.rightCount;
    const vertices = this.leftBase + leftCount;
    this.chosen = new Int32Array(leftCount).fill(-1);
    this.maxWeight = graph.edgeWeight.reduce((max, w) => Math.max(max, w), 0);
    this.assigned = Array.from({ length: this.rightCount }, () => []);
    this.potential = new Float64Array(vertices);
    this.dist = new Float64Array(vertices);
    this.reachedIn = new Int32Array(vertices).fill(-1);
    this.settledIn = new Int32Array(vertices).fill(-1);
    this.parent = new Int32Array(vertices);
    this.parentEdge = new Int32Array(vertices);
  }

  /** Left vertex `l` sends its unit along a shortest path to T. */
  enter(l: number): void {
    if (this.graph.edgeEnd[l]! <= this.graph.edgeStart[l]!) return;
    const toSink = this.shortestPathToSink(this.leftBase + l);
    this.augment();
    for (const v of this.settled) this.potential[v]! += this.dist[v]! - toSink;
  }

  /** Dijkstra from `source` on reduced costs until T is settled; returns dist(T). */
  private shortestPathToSink(source: number): number {
    this.search++;
    this.settled.length = 0;
    this.heap.clear();
    this.reach(source, 0, -1, -1);
    for (;;) {
      const key = this.heap.peekKey();
      const u = this.heap.pop();
      // The source's own "unassigned" arc always reaches T, so an empty heap is a bug.
      if (u === undefined) throw new Error('no path to the sink');
      if (key > this.dist[u]! || this.settledIn[u] === this.search) continue;
      if (u === this.sink) return key;
      this.settledIn[u] = this.search;
      this.settled.push(u);
      if (u < this.leftBase) this.relaxFromRight(u, key);
      else this.relaxFromLeft(u, key);
    }
  }

  private relaxFromLeft(u: number, d: number): void {
    const l = u - this.leftBase;
    const { edgeStart, edgeEnd, edgeRight, edgeWeight } = this.graph;
    const base = d + this.potential[u]!;
    for (let e = edgeStart[l]!, end = edgeEnd[l]!; e < end; e++) {
      if (e === this.chosen[l]) continue;
      const v = 1 + edgeRight[e]!;
      this.reach(v, base + (this.maxWeight - edgeWeight[e]!) - this.potential[v]!, u, e);
    }
    this.reach(this.sink, base + this.maxWeight - this.potential[this.sink]!, u, -1);
  }

  private relaxFromRight(u: number, d: number): void {
    const r = u - 1;
    const base = d + this.potential[u]!;
    const { edgeWeight } = this.graph;
    for (const l of this.assigned[r]!) {
      const v = this.leftBase + l;
      this.reach(v, base - (this.maxWeight - edgeWeight[this.chosen[l]!]!) - this.potential[v]!, u, -1);
    }
    if (this.assigned[r]!.length < this.graph.capacity[r]!) this.reach(this.sink, base - this.potential[this.sink]!, u, -1);
  }

  /** Records a shorter way to `v` (through `from`, along left edge `edge` if any). */
  private reach(v: number, d: number, from: number, edge: number): void {
    if (this.reachedIn[v] === this.search && d >= this.dist[v]!) return;
    this.reachedIn[v] = this.search;
    this.dist[v] = d;
    this.parent[v] = from;
    this.parentEdge[v] = edge;
    this.heap.push(d, v);
  }

  /** Walks the path back from T, moving each left vertex on it to its new edge (or none). */
  private augment(): void {
    let v = this.sink;
    while (this.parent[v]! >= 0) {
      const u = this.parent[v]!;
      if (u >= this.leftBase) this.moveLeft(u - this.leftBase, v === this.sink ? -1 : this.parentEdge[v]!);
      v = u;
    }
  }

  private moveLeft(l: number, edge: number): void {
    const old = this.chosen[l]!;
    if (old >= 0) {
      const list = this.assigned[this.graph.edgeRight[old]!]!;
      list.splice(list.indexOf(l), 1);
    }
    this.chosen[l] = edge;
    if (edge >= 0) this.assigned[this.graph.edgeRight[edge]!]!.push(l);
  }
}
