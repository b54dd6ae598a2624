import jsQR from "jsqr";

/**
 * Reads a QR code from an image file in the browser (the window's upload path; a camera frame would go the
 * same way): draw it on a canvas, hand the pixels to jsQR. Null when the picture holds no QR code.
 */
export async function decodeQrImage(file: Blob): Promise<string | null> {
  const bitmap = await createImageBitmap(file);
  try {
    const canvas = document.createElement("canvas");
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    const ctx = canvas.getContext("2d", { willReadFrequently: true });
    if (!ctx) return null;
    ctx.drawImage(bitmap, 0, 0);
    const { data, width, height } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    return jsQR(data, width, height)?.data ?? null;
  } finally {
    bitmap.close();
  }
}
