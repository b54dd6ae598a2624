/**
 * The check-in code a booking's QR carries: random (not the booking id, which a neighbour could guess from
 * their own), stored as its SHA-256 for the lookup at the hall and sealed for showing it again to its owner.
 */
import { createHash, randomBytes } from "node:crypto";
import QRCode from "qrcode";

const PREFIX = "YWB1.";

export function newToken(): string {
  return `${PREFIX}${randomBytes(24).toString("base64url")}`;
}

export function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function looksLikeToken(token: string): boolean {
  return /^YWB1\.[A-Za-z0-9_-]{32}$/.test(token);
}

export async function qrPng(token: string): Promise<string> {
  const png = await QRCode.toBuffer(token, { errorCorrectionLevel: "M", margin: 2, scale: 6, type: "png" });
  return `data:image/png;base64,${png.toString("base64")}`;
}
