/** Small files whose first bytes are what their names claim (the kind check reads them). */
export const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(56).fill(7)]);
export const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
export const HTML = new TextEncoder().encode('<html><script>alert(1)</script></html>');
/** A valid PDF start, padded to `bytes`. */
export function pdfOfSize(bytes: number): Uint8Array {
  const out = new Uint8Array(bytes).fill(0x20);
  out.set(PDF);
  return out;
}
