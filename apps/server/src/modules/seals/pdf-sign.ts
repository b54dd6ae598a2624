import { pdflibAddPlaceholder } from "@signpdf/placeholder-pdf-lib";
import { SignPdf } from "@signpdf/signpdf";
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from "@signpdf/utils";
import { PDFDocument } from "pdf-lib";
import { embedCjkFont } from "../../platform/pdf/cjk.js";
import { type CmsSigner, detachedSignedData } from "./cms.js";
import { drawSeal } from "./seal-image.js";

/**
 * Text for a PDF literal string in the signature dictionary: UTF-16BE with BOM, as a "binary" string
 * (one char per byte, which is how pdf-lib's PDFString writes it), with the bytes a literal string must
 * escape escaped — the placeholder package writes its strings without escaping.
 */
export function pdfTextString(text: string): string {
  const utf16 = Buffer.from(text, "utf16le").swap16();
  let out = "\\376\\377";
  for (const b of utf16) {
    if (b === 0x28 || b === 0x29 || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else if (b < 0x20 || b > 0x7e) out += `\\${b.toString(8).padStart(3, "0")}`;
    else out += String.fromCharCode(b);
  }
  return out;
}

/** @signpdf's Signer, building the CMS with the seal's key (through the key store) and certificate chain. */
class SealCmsSigner extends Signer {
  constructor(private readonly cms: CmsSigner) {
    super();
  }
  override async sign(pdfBuffer: Buffer): Promise<Buffer> {
    return detachedSignedData(pdfBuffer, this.cms);
  }
}

export interface StampOptions {
  /** Department name along the arc; purpose below the star. */
  arcText: string;
  bottomText?: string;
  /** Signer name, reason and location for the signature dictionary. */
  signerName: string;
  reason: string;
  location?: string;
  signingTime: Date;
  /** An uploaded seal image (PNG) to stamp instead of drawing the seal. */
  image?: Uint8Array;
}

/** Room for the CMS: certificates (~2 × 600 bytes) + attributes + signature, doubled as hex. */
const SIGNATURE_LENGTH = 8192;

/**
 * Stamps the seal on the last page (bottom right) and signs the whole document: PAdES B-B
 * (ETSI.CAdES.detached, SHA-256). The signature covers everything but its own /Contents.
 */
export async function stampAndSign(pdf: Uint8Array, options: StampOptions, cms: CmsSigner): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const pages = doc.getPages();
  const page = pages[pages.length - 1];
  const { width } = page.getSize();
  const diameter = 120;
  const x = width - 60 - diameter / 2;
  const y = 60 + diameter / 2;
  if (options.image) {
    const png = await doc.embedPng(options.image);
    const scale = diameter / Math.max(png.width, png.height);
    const w = png.width * scale;
    const h = png.height * scale;
    page.drawImage(png, { x: x - w / 2, y: y - h / 2, width: w, height: h });
    // The font only when text is drawn: an embedded font with no glyphs used makes fontkit's CFF subsetter
    // (Noto Sans CJK, the fallback when WenQuanYi is absent) throw outside pdf-lib's promise at save time.
  } else
    drawSeal(page, await embedCjkFont(doc), {
      arcText: options.arcText,
      bottomText: options.bottomText,
      x,
      y,
      diameter,
    });
  pdflibAddPlaceholder({
    pdfPage: page,
    reason: pdfTextString(options.reason),
    contactInfo: "",
    name: pdfTextString(options.signerName),
    location: pdfTextString(options.location ?? ""),
    signingTime: options.signingTime,
    signatureLength: SIGNATURE_LENGTH,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    widgetRect: [x - diameter / 2, y - diameter / 2, x + diameter / 2, y + diameter / 2],
    appName: "Yiwang",
  });
  const prepared = Buffer.from(await doc.save({ useObjectStreams: false }));
  return new SignPdf().sign(prepared, new SealCmsSigner(cms), options.signingTime);
}
