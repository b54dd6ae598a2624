/**
 * The districts' outlines (demo data in ../data/district-shapes.json): which district a field position is in
 * (a report from the field names no district), and the shapes the command map draws.
 */
import { categoryTree } from "../categories.js";
import shapes from "../data/district-shapes.json" with { type: "json" };

export type Ring = [number, number][];

// JSON arrays type as number[][]; every pair in the file is [long, lat].
const RINGS = shapes.districts as unknown as Record<string, Ring>;

/** Ray casting (even-odd) on [long, lat]; at city scale the plane is exact enough for a district's edge. */
export function inRing(ring: Ring, lat: number, long: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && long < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The code of the district holding the position, or null outside all of them. */
export function districtAt(lat: number, long: number): string | null {
  for (const [code, ring] of Object.entries(RINGS)) if (inRing(ring, lat, long)) return code;
  return null;
}

/** The districts with their outlines, for the command map. */
export function districtShapes() {
  return categoryTree().districts.map((d) => ({ ...d, ring: RINGS[d.code] ?? [] }));
}
