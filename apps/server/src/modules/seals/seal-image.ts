import { degrees, type PDFFont, type PDFPage, rgb } from "pdf-lib";

/** 印章红 (approx. Pantone 485): the customary seal colour. */
export const SEAL_RED = rgb(0.86, 0.08, 0.11);

export interface SealDrawing {
  /** Along the upper arc, clockwise from the left: the department's name. */
  arcText: string;
  /** Horizontal, below the star: the seal's purpose, e.g. 行政审批专用章 (optional). */
  bottomText?: string;
  /** Centre and diameter in PDF points. */
  x: number;
  y: number;
  diameter: number;
}

/** The five-pointed star's outline as an SVG path around (0,0), radius r, one point up (SVG y runs down). */
function starPath(r: number): string {
  const inner = r * 0.382;
  const points: string[] = [];
  for (let i = 0; i < 10; i++) {
    const radius = i % 2 === 0 ? r : inner;
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    points.push(`${(radius * Math.cos(angle)).toFixed(3)} ${(radius * Math.sin(angle)).toFixed(3)}`);
  }
  return `M ${points.join(" L ")} Z`;
}

/**
 * Draws the customary round red seal as vectors: a red ring, a five-pointed star in the middle, the
 * department's name along the upper arc (each character rotated to face the centre) and the optional
 * purpose below the star. `font` must cover the text (a CJK font from platform/pdf/cjk.ts).
 */
export function drawSeal(page: PDFPage, font: PDFFont, seal: SealDrawing) {
  const r = seal.diameter / 2;
  const ring = r * 0.045;
  page.drawCircle({ x: seal.x, y: seal.y, size: r - ring / 2, borderColor: SEAL_RED, borderWidth: ring, opacity: 0 });
  page.drawSvgPath(starPath(r * 0.3), { x: seal.x, y: seal.y, color: SEAL_RED, borderWidth: 0 });

  const chars = [...seal.arcText];
  const size = Math.min(r * 0.24, (r * 3.6) / Math.max(chars.length, 1));
  const textRadius = r - ring - size * 0.95;
  // The text spans up to 240° of the upper arc, centred on the top.
  const span = Math.min((240 * Math.PI) / 180, (chars.length * size * 1.05) / textRadius);
  chars.forEach((ch, i) => {
    const angle = Math.PI / 2 + span / 2 - (chars.length === 1 ? span / 2 : (i * span) / (chars.length - 1));
    const w = font.widthOfTextAtSize(ch, size);
    // Baseline point of the glyph: on the circle, shifted back by half a glyph width along the tangent.
    const cx = seal.x + textRadius * Math.cos(angle);
    const cy = seal.y + textRadius * Math.sin(angle);
    const rotation = angle - Math.PI / 2;
    const x = cx - (w / 2) * Math.cos(rotation);
    const y = cy - (w / 2) * Math.sin(rotation);
    page.drawText(ch, { x, y, size, font, color: SEAL_RED, rotate: degrees((rotation * 180) / Math.PI) });
  });

  if (seal.bottomText) {
    const bottomSize = Math.min(r * 0.16, (r * 1.3) / [...seal.bottomText].length);
    const w = font.widthOfTextAtSize(seal.bottomText, bottomSize);
    page.drawText(seal.bottomText, {
      x: seal.x - w / 2,
      y: seal.y - r * 0.55,
      size: bottomSize,
      font,
      color: SEAL_RED,
    });
  }
}
