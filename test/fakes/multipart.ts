/** A multipart/form-data body split into its named parts, bytes intact (the fakes' upload endpoints). */
export interface FormPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export function parseMultipart(body: Buffer, contentType: string | undefined): Map<string, FormPart> | undefined {
  const boundary = /^multipart\/form-data;.*boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  if (!boundary) return undefined;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts = new Map<string, FormPart>();
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const section = body.subarray(start + delimiter.length + 2, next - 2);
    const split = section.indexOf('\r\n\r\n');
    const headers = section.subarray(0, split).toString('utf8');
    const name = /name="([^"]*)"/.exec(headers)?.[1];
    if (name !== undefined) {
      parts.set(name, {
        name,
        filename: /filename="([^"]*)"/.exec(headers)?.[1],
        contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1],
        data: section.subarray(split + 4),
      });
    }
    start = next;
  }
  return parts;
}
