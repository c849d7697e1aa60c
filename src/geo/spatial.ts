/**
 * The in-memory point-in-polygon index behind `locate`. Pure: no I/O.
 *
 * - A packed Hilbert R-tree (flatbush) over the polygons' bounding boxes answers box searches.
 * - A cell directory built from that tree answers points: the city's bbox is cut into about two
 *   cells per polygon, each cell lists the polygons whose boxes touch it (flat Int32Arrays), so a
 *   lookup is one array index plus one or two polygon tests instead of a walk down the tree. A cell
 *   with too many candidates (very uneven data) falls back to the tree walk.
 * - The polygon test is even-odd ray casting over flat Float64Arrays, exact: an edge's side is
 *   decided by comparison when the point is wholly left or right of it and otherwise by the sign of
 *   a robust orientation test (robust-predicates' orient2d, Shewchuk's adaptive exact arithmetic),
 *   so no answer depends on how a division rounds.
 *
 * The boundary rule: a point belongs to the polygon that holds the point moved an infinitesimal
 * step east (and, on a horizontal edge, an infinitesimal step north): on a shared non-horizontal
 * edge the grid to its east, on a shared horizontal edge the grid to its north, at a shared vertex
 * the grid its north-east quadrant starts in. A grid's own outer east and north edges therefore do
 * not belong to it. Grids that tile the city without gaps or overlaps give every point exactly one
 * grid (PostGIS's ST_Covers gives a point on a shared edge both, ST_Contains neither).
 *
 * Why hand-written ray casting instead of @turf/boolean-point-in-polygon: turf walks nested
 * GeoJSON arrays and allocates per call; the flat layout below is several times faster (see
 * bench/geo-locate.ts and docs/benchmarks-geo.md).
 */
import Flatbush from 'flatbush';
import { orient2d } from 'robust-predicates';
import { polygonsOf, type AreaGeometry } from './model.js';

export class PolygonIndex {
  /** Number of indexed polygons (items). */
  readonly size: number;
  /** Vertex coordinates x0,y0,x1,y1,… of every ring, without the closing repeat. */
  private readonly xy: Float64Array;
  /** Ring r spans vertices ringStart[r] .. ringStart[r+1]-1. */
  private readonly ringStart: Int32Array;
  /** Item i spans rings itemRing[i] .. itemRing[i+1]-1 (outer rings and holes of all its parts). */
  private readonly itemRing: Int32Array;
  /** Item bounding boxes minX,minY,maxX,maxY (for the linear-scan baseline). */
  private readonly boxes: Float64Array;
  private readonly tree: Flatbush | null;
  /** An explicit stack for the tree walk, so a lookup allocates nothing. */
  private readonly stack: Int32Array;
  /** Cell directory: cell c lists cellItems[cellStart[c] .. cellStart[c+1]-1]; -1 marks "use the tree". */
  private dirMinX = 0;
  private dirMinY = 0;
  private dirInvW = 0;
  private dirInvH = 0;
  private dirNx = 0;
  private dirNy = 0;
  private cellStart = new Int32Array(1);
  private cellItems = new Int32Array(0);

  constructor(geometries: readonly AreaGeometry[], nodeSize = 4) {
    const n = geometries.length;
    this.size = n;
    let rings = 0;
    let verts = 0;
    for (const g of geometries) {
      for (const poly of polygonsOf(g)) {
        for (const ring of poly) {
          rings += 1;
          verts += closedLength(ring);
        }
      }
    }
    this.xy = new Float64Array(verts * 2);
    this.ringStart = new Int32Array(rings + 1);
    this.itemRing = new Int32Array(n + 1);
    this.boxes = new Float64Array(n * 4);
    let r = 0;
    let v = 0;
    geometries.forEach((g, i) => {
      this.itemRing[i] = r;
      let minX = Infinity;
      let minY = Infinity;
      let maxX = -Infinity;
      let maxY = -Infinity;
      for (const poly of polygonsOf(g)) {
        for (const ring of poly) {
          this.ringStart[r++] = v;
          const len = closedLength(ring);
          for (let k = 0; k < len; k++) {
            const x = ring[k]![0];
            const y = ring[k]![1];
            this.xy[v * 2] = x;
            this.xy[v * 2 + 1] = y;
            v += 1;
            if (x < minX) minX = x;
            if (y < minY) minY = y;
            if (x > maxX) maxX = x;
            if (y > maxY) maxY = y;
          }
        }
      }
      this.boxes.set([minX, minY, maxX, maxY], i * 4);
    });
    this.ringStart[r] = v;
    this.itemRing[n] = r;
    if (n > 0) {
      const tree = new Flatbush(n, nodeSize);
      for (let i = 0; i < n; i++) tree.add(this.boxes[i * 4]!, this.boxes[i * 4 + 1]!, this.boxes[i * 4 + 2]!, this.boxes[i * 4 + 3]!);
      tree.finish();
      this.tree = tree;
      this.stack = new Int32Array(64 * tree._levelBounds.length * tree.nodeSize);
      this.buildDirectory(tree);
    } else {
      this.tree = null;
      this.stack = new Int32Array(0);
    }
  }

  /**
   * Whether item `i` contains (x, y): even-odd over all its rings, exactly (see the boundary rule in
   * the file comment). Shared edges go to exactly one side.
   */
  contains(i: number, x: number, y: number): boolean {
    const xy = this.xy;
    const ringStart = this.ringStart;
    let inside = false;
    for (let r = this.itemRing[i]!, rEnd = this.itemRing[i + 1]!; r < rEnd; r++) {
      const start = ringStart[r]!;
      const end = ringStart[r + 1]!;
      let j = end - 1;
      for (let k = start; k < end; j = k++) {
        let ax = xy[k * 2]!;
        let ay = xy[k * 2 + 1]!;
        let bx = xy[j * 2]!;
        let by = xy[j * 2 + 1]!;
        if (ay > by) {
          const tx = ax;
          ax = bx;
          bx = tx;
          const ty = ay;
          ay = by;
          by = ty;
        }
        // Edge straddles the horizontal through y (half-open) and crosses it strictly right of the
        // point. Exact: wholly right or wholly left by comparison, otherwise the sign of a robust
        // orientation test (negative: the point lies left of the upward edge), never a rounded division.
        if (ay <= y && y < by) {
          if (x < ax && x < bx) inside = !inside;
          else if ((x < ax || x < bx) && orient2d(ax, ay, bx, by, x, y) < 0) inside = !inside;
        }
      }
    }
    return inside;
  }

  /** Cuts the tree's extent into ~2 cells per item and lists each cell's candidates. */
  private buildDirectory(tree: Flatbush): void {
    const w = tree.maxX - tree.minX;
    const h = tree.maxY - tree.minY;
    if (!(w > 0 && h > 0)) return; // degenerate extent: the tree walk answers
    const cells = Math.min(4_000_000, Math.max(256, this.size * 2));
    const nx = Math.max(1, Math.round(Math.sqrt((cells * w) / h)));
    const ny = Math.max(1, Math.round(cells / nx));
    const cw = w / nx;
    const ch = h / ny;
    const start = new Int32Array(nx * ny + 1);
    const items: number[] = [];
    for (let cy = 0; cy < ny; cy++) {
      for (let cx = 0; cx < nx; cx++) {
        const c = cy * nx + cx;
        start[c] = items.length;
        const minX = tree.minX + cx * cw;
        const minY = tree.minY + cy * ch;
        // A sliver of margin: a point near a cell edge may be binned into the neighbour by rounding.
        const found = tree.search(minX - cw * 1e-6, minY - ch * 1e-6, minX + cw * (1 + 1e-6), minY + ch * (1 + 1e-6));
        if (found.length > MAX_CELL_CANDIDATES) items.push(-1);
        else for (const i of found) items.push(i);
      }
    }
    start[nx * ny] = items.length;
    this.dirMinX = tree.minX;
    this.dirMinY = tree.minY;
    this.dirInvW = 1 / cw;
    this.dirInvH = 1 / ch;
    this.dirNx = nx;
    this.dirNy = ny;
    this.cellStart = start;
    this.cellItems = Int32Array.from(items);
  }

  /** The item containing (x, y), or -1: the cell directory, then the polygon test. Allocates nothing. */
  locate(x: number, y: number): number {
    if (this.dirNx === 0) return this.locateTree(x, y);
    let cx = Math.floor((x - this.dirMinX) * this.dirInvW);
    let cy = Math.floor((y - this.dirMinY) * this.dirInvH);
    // Points on the extent's far edges belong to the last cell.
    if (cx === this.dirNx) cx -= 1;
    if (cy === this.dirNy) cy -= 1;
    if (cx < 0 || cy < 0 || cx >= this.dirNx || cy >= this.dirNy || x !== x || y !== y) return -1;
    const c = cy * this.dirNx + cx;
    const b = this.boxes;
    const items = this.cellItems;
    for (let k = this.cellStart[c]!, end = this.cellStart[c + 1]!; k < end; k++) {
      const i = items[k]!;
      if (i < 0) return this.locateTree(x, y);
      const o = i * 4;
      if (x < b[o]! || y < b[o + 1]! || x > b[o + 2]! || y > b[o + 3]!) continue;
      if (this.contains(i, x, y)) return i;
    }
    return -1;
  }

  /** The item containing (x, y), or -1, by walking the R-tree with an explicit stack; allocates nothing. */
  locateTree(x: number, y: number): number {
    const tree = this.tree;
    if (tree === null) return -1;
    const boxes = tree._boxes;
    const indices = tree._indices;
    const levelBounds = tree._levelBounds;
    const nodeSize = tree.nodeSize;
    const numItems4 = tree.numItems * 4;
    const stack = this.stack;
    let sp = 0;
    stack[sp++] = boxes.length - 4;
    stack[sp++] = levelBounds.length - 1;
    while (sp > 0) {
      const level = stack[--sp]!;
      const nodeIndex = stack[--sp]!;
      const end = Math.min(nodeIndex + nodeSize * 4, levelBounds[level]!);
      const isLeafLevel = nodeIndex < numItems4;
      for (let pos = nodeIndex; pos < end; pos += 4) {
        if (x < boxes[pos]! || y < boxes[pos + 1]! || x > boxes[pos + 2]! || y > boxes[pos + 3]!) continue;
        const index = indices[pos >> 2]! | 0;
        if (isLeafLevel) {
          if (this.contains(index, x, y)) return index;
        } else {
          stack[sp++] = index;
          stack[sp++] = level - 1;
        }
      }
    }
    return -1;
  }

  /** Same answer as `locate` by scanning every item (bbox test, then ray casting): the benchmark baseline. */
  locateLinear(x: number, y: number): number {
    const b = this.boxes;
    for (let i = 0, n = this.size; i < n; i++) {
      const o = i * 4;
      if (x < b[o]! || y < b[o + 1]! || x > b[o + 2]! || y > b[o + 3]!) continue;
      if (this.contains(i, x, y)) return i;
    }
    return -1;
  }

  /** Items whose bounding box intersects the given box (for overlap checks and bbox filters). */
  search(minX: number, minY: number, maxX: number, maxY: number): number[] {
    return this.tree ? this.tree.search(minX, minY, maxX, maxY) : [];
  }
}

/** Above this many candidates a directory cell defers to the tree (very uneven data). */
const MAX_CELL_CANDIDATES = 64;

/** Vertices of a ring without the repeated closing position. */
function closedLength(ring: readonly (readonly number[])[]): number {
  const n = ring.length;
  if (n > 1) {
    const a = ring[0]!;
    const b = ring[n - 1]!;
    if (a[0] === b[0] && a[1] === b[1]) return n - 1;
  }
  return n;
}
