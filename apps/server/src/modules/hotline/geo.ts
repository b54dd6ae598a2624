/** Distances on the sphere (haversine; at city scale the error against the ellipsoid is under 0.5 %). */
const EARTH_RADIUS_M = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;

export function haversine(lat1: number, long1: number, lat2: number, long2: number): number {
  const dLat = rad(lat2 - lat1);
  const dLong = rad(long2 - long1);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLong / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Metres between two requests' positions, or null when either has none. */
export function distanceMeters(
  a: { lat: number | null; long: number | null },
  b: { lat: number | null; long: number | null },
): number | null {
  if (a.lat === null || a.long === null || b.lat === null || b.long === null) return null;
  return haversine(a.lat, a.long, b.lat, b.long);
}

/** A lat/long box that holds every point within `meters` of the centre. */
export function boxAround(lat: number, long: number, meters: number) {
  const dLat = (meters / EARTH_RADIUS_M) * (180 / Math.PI);
  const dLong = dLat / Math.max(0.01, Math.cos(rad(lat)));
  return { south: lat - dLat, north: lat + dLat, west: long - dLong, east: long + dLong };
}
