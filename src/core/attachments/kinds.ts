/**
 * What may be attached (佐证材料): pictures, PDF and Office documents (WPS included). A file is
 * judged by its name's extension and by its first bytes, which must be what the extension claims:
 * a web page renamed `.png` is refused, so nothing served back can be run by a browser.
 */
export interface FileKind {
  mime: string;
  image: boolean;
}

type Magic = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp' | 'pdf' | 'zip' | 'ole';

const KINDS: Record<string, FileKind & { magic: Magic[] }> = {
  jpg: { mime: 'image/jpeg', image: true, magic: ['jpeg'] },
  jpeg: { mime: 'image/jpeg', image: true, magic: ['jpeg'] },
  png: { mime: 'image/png', image: true, magic: ['png'] },
  gif: { mime: 'image/gif', image: true, magic: ['gif'] },
  webp: { mime: 'image/webp', image: true, magic: ['webp'] },
  bmp: { mime: 'image/bmp', image: true, magic: ['bmp'] },
  pdf: { mime: 'application/pdf', image: false, magic: ['pdf'] },
  doc: { mime: 'application/msword', image: false, magic: ['ole'] },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', image: false, magic: ['zip'] },
  xls: { mime: 'application/vnd.ms-excel', image: false, magic: ['ole'] },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', image: false, magic: ['zip'] },
  ppt: { mime: 'application/vnd.ms-powerpoint', image: false, magic: ['ole'] },
  pptx: { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', image: false, magic: ['zip'] },
  wps: { mime: 'application/vnd.ms-works', image: false, magic: ['ole', 'zip'] },
  et: { mime: 'application/vnd.ms-excel', image: false, magic: ['ole', 'zip'] },
  dps: { mime: 'application/vnd.ms-powerpoint', image: false, magic: ['ole', 'zip'] },
};

export const ALLOWED_ZH = '图片（JPG、PNG、GIF、WEBP、BMP）、PDF 和 Office 文档（Word、Excel、PowerPoint、WPS）';

const starts = (bytes: Uint8Array, ...prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

function magicOf(bytes: Uint8Array): Magic | undefined {
  if (starts(bytes, 0x89, 0x50, 0x4e, 0x47)) return 'png';
  if (starts(bytes, 0xff, 0xd8, 0xff)) return 'jpeg';
  if (starts(bytes, 0x47, 0x49, 0x46, 0x38)) return 'gif';
  if (starts(bytes, 0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return 'webp';
  if (starts(bytes, 0x42, 0x4d)) return 'bmp';
  if (starts(bytes, 0x25, 0x50, 0x44, 0x46)) return 'pdf';
  if (starts(bytes, 0x50, 0x4b, 0x03, 0x04)) return 'zip';
  if (starts(bytes, 0xd0, 0xcf, 0x11, 0xe0)) return 'ole';
  return undefined;
}

const IMAGE_EXTENSION: Partial<Record<Magic, string>> = { png: 'png', jpeg: 'jpg', gif: 'gif', webp: 'webp', bmp: 'bmp' };

export const extensionOf = (name: string) => /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1]?.toLowerCase();

/** Refusal text for a name whose extension is not allowed (checked before downloading), or undefined. */
export function refuseName(name: string): string | undefined {
  const ext = extensionOf(name);
  return ext && KINDS[ext] ? undefined : `不能添加「${name}」：佐证材料只收${ALLOWED_ZH}。`;
}

export function refuseSize(name: string, size: number, maxBytes: number): string | undefined {
  if (size <= 0) return `不能添加「${name}」：文件是空的。`;
  return size > maxBytes ? `不能添加「${name}」：文件 ${megabytes(size)} MB，超过 ${megabytes(maxBytes)} MB 的上限，请压缩或拆分后再发送。` : undefined;
}

const megabytes = (bytes: number) => String(Math.round((bytes / 1024 / 1024) * 10) / 10);

/**
 * The kind of the bytes received as `name` (a picture may come without a name: it is named by its
 * bytes, e.g. `图片.jpg`), or the Chinese refusal.
 */
export function classify(name: string | undefined, bytes: Uint8Array): { ok: true; name: string; kind: FileKind } | { ok: false; refusal: string } {
  const magic = magicOf(bytes);
  if (!name) {
    const ext = magic ? IMAGE_EXTENSION[magic] : undefined;
    return ext ? { ok: true, name: `图片.${ext}`, kind: KINDS[ext]! } : { ok: false, refusal: `不能添加这张图片：无法识别其格式，佐证材料只收${ALLOWED_ZH}。` };
  }
  const byName = refuseName(name);
  if (byName) return { ok: false, refusal: byName };
  const kind = KINDS[extensionOf(name)!]!;
  if (!magic || !kind.magic.includes(magic)) return { ok: false, refusal: `不能添加「${name}」：文件内容与扩展名不符，请发送原始的图片、PDF 或 Office 文档。` };
  return { ok: true, name, kind: { mime: kind.mime, image: kind.image } };
}
