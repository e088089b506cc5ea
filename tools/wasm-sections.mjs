// Reading and rewriting one section of a WebAssembly module, for the build's own steps
// (tools/shrink-module.mjs keeps some exports, tools/split-module.mjs moves some imports): a
// reader over the bytes, and a rewrite of every section with a given id, the rest copied as is.

/** A cursor over `bytes`: LEB128 numbers, names, single bytes. */
export class Reader {
  constructor(bytes, at = 0) {
    this.bytes = bytes;
    this.at = at;
  }

  byte() {
    return this.bytes[this.at++];
  }

  leb() {
    let value = 0;
    let shift = 0;
    let byte;
    do {
      byte = this.bytes[this.at++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return value;
  }

  name() {
    const length = this.leb();
    const text = this.bytes.subarray(this.at, this.at + length).toString('utf8');
    this.at += length;
    return text;
  }

  /** The bytes from `start` to where the reader is. */
  since(start) {
    return this.bytes.subarray(start, this.at);
  }
}

/** The module with each section of id `id` replaced by what `rewrite(reader, end)` returns (the
 *  section's new content; the reader starts at the old content, which ends at `end`). */
export function rewriteSections(wasm, id, rewrite) {
  const sections = [wasm.subarray(0, 8)];
  const reader = new Reader(wasm, 8);
  while (reader.at < wasm.length) {
    const start = reader.at;
    const sectionId = reader.byte();
    const size = reader.leb();
    const end = reader.at + size;
    if (sectionId === id) {
      const content = rewrite(reader, end);
      sections.push(Buffer.from([id]), uleb(content.length), content);
    } else {
      sections.push(wasm.subarray(start, end));
    }
    reader.at = end;
  }
  return Buffer.concat(sections);
}

/** The names of the module's custom sections (id 0), in order. */
export function customSectionNames(wasm) {
  const names = [];
  const reader = new Reader(wasm, 8);
  while (reader.at < wasm.length) {
    const id = reader.byte();
    const end = reader.leb() + reader.at;
    if (id === 0) names.push(reader.name());
    reader.at = end;
  }
  return names;
}

export function uleb(value) {
  const bytes = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    bytes.push(byte);
  } while (value);
  return Buffer.from(bytes);
}

/** A name as a module writes it: its length, then its UTF-8 bytes. */
export function name(text) {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([uleb(bytes.length), bytes]);
}
