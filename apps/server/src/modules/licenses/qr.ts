import QRCode from "qrcode";

/**
 * The QR rendition: a compact JWS small enough for a QR code (typ `license-qr+jwt`) that says which
 * license it is, whose, of what type and until when, signed by the issuing department's seal key. It
 * verifies offline against the published JWKS; online, the verify page adds the current status. The
 * code encodes the public verification page with the token in the URL fragment, so a phone camera
 * opens the page and the token never reaches a server log as part of a URL.
 */
export const QR_TOKEN_TYPE = "license-qr+jwt";

export interface QrClaims {
  v: 1;
  /** GB/T 36904 identifier. */
  id: string;
  /** License type code. */
  t: string;
  /** Holder name, masked (张*). */
  h: string;
  /** Valid until (date) or null. */
  u: string | null;
  iat: number;
}

export function verifyUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/verify#t=${token}`;
}

export function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { errorCorrectionLevel: "M", margin: 2, scale: 4, type: "png" });
}

export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { errorCorrectionLevel: "M", margin: 2, type: "svg" });
}
