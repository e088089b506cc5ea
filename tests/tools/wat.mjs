// The tests' one way to make a module: WebAssembly text compiled by binaryen.
import binaryen from 'binaryen';

export function compile(wat) {
  const module = binaryen.parseText(wat);
  try {
    return Buffer.from(module.emitBinary());
  } finally {
    module.dispose();
  }
}
