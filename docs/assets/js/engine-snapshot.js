// The engine's memory snapshot in IndexedDB (engine-worker.js reads the record and drives the boot):
// storing it, once the page has been quiet after a normal boot, and restoring it on a return visit.
// The worker loads this module only then (a snapshot to store, or one found), never before.
// The snapshot (Pyodide's makeMemorySnapshot) is Pyodide's header, then the whole WebAssembly memory
// (about 31 MB), half of it pages of zeros: only the other 64 kB pages are kept, end to end in one
// Blob (a Blob reads faster than a typed array).
// IndexedDB record, under the key (runtime, standard library, engine wheel and rules hashes):
//   {manifeste: the site's manifest.json, taille: the snapshot's size in bytes,
//    plages: [start, end, start, end...] the kept byte ranges, octets: Blob of those ranges}
const PAGE = 65536;

// Whether bytes[start, end) are all zeros (start and end multiples of 4 from an aligned view).
function zero(bytes, start, end) {
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset + start, (end - start) >> 2);
  for (let i = 0; i < words.length; i += 1) if (words[i] !== 0) return false;
  for (let i = start + words.length * 4; i < end; i += 1) if (bytes[i] !== 0) return false;
  return true;
}

// {plages, octets} of a snapshot (a Uint8Array).
export function pack(bytes) {
  if (bytes.byteOffset % 4) bytes = bytes.slice(); // Uint32Array views need an aligned start
  const ranges = [];
  for (let start = 0; start < bytes.length; start += PAGE) {
    const end = Math.min(start + PAGE, bytes.length);
    if (zero(bytes, start, end)) continue;
    if (ranges.length && ranges[ranges.length - 1] === start) ranges[ranges.length - 1] = end;
    else ranges.push(start, end);
  }
  const parts = [];
  for (let i = 0; i < ranges.length; i += 2) parts.push(bytes.subarray(ranges[i], ranges[i + 1]));
  return { plages: ranges, octets: new Blob(parts) };
}

// snapshotStore(mode, action): the worker's IndexedDB access (one record at a time).
export async function storeSnapshot(pyodide, manifest, key, snapshotStore) {
  const bytes = pyodide.makeMemorySnapshot();
  const record = { manifeste: manifest, taille: bytes.length, ...pack(bytes) };
  await snapshotStore("readwrite", (store) => { store.clear(); store.put(record, key); });
}

// The loadPyodide options that restore a snapshot: size, ranges and bytes (the kept ranges end to
// end) from the record, createModule from pyodide.asm.mjs. Pyodide would copy the whole snapshot
// into its memory (31 MB, half zeros): it gets the first range only (its header, then the start of
// the memory), the other ranges are copied straight from the stored bytes, and between them the
// memory is checked to hold zeros (reading pages not written so far costs little) or zeroed.
export function restoreOptions({ size, ranges, bytes }, createModule) {
  const total = ranges.reduce((sum, end, i) => (i % 2 ? sum + end - ranges[i - 1] : sum), 0);
  const memoryStart = new DataView(bytes.buffer, bytes.byteOffset).getUint32(4, true); // the header's size
  if (total !== bytes.length || ranges[0] !== 0 || !(memoryStart <= ranges[1]) || !(size > 1 << 20) || size % 16) {
    throw new Error(`instantané incomplet ou illisible (${bytes.length} octets sur ${total}, taille ${size})`);
  }
  const createPyodideModule = async (settings) => {
    const module = await createModule(settings);
    const restoreSnapshot = settings.API.restoreSnapshot;
    settings.API.restoreSnapshot = () => {
      const state = restoreSnapshot(bytes.subarray(0, ranges[1]));
      const memory = new Uint8Array(module.HEAP8.buffer);
      for (let i = 1, at = ranges[1]; i < ranges.length; i += 2) {
        const next = i + 1 < ranges.length ? ranges[i + 1] : size; // zeros from ranges[i] to next
        if (!zero(memory, ranges[i] - memoryStart, next - memoryStart)) memory.fill(0, ranges[i] - memoryStart, next - memoryStart);
        if (next === size) break;
        memory.set(bytes.subarray(at, at + ranges[i + 2] - next), next - memoryStart);
        at += ranges[i + 2] - next;
      }
      return state;
    };
    return module;
  };
  return { _loadSnapshot: new Uint8Array(size), createPyodideModule }; // zeros, never written: the size
}
