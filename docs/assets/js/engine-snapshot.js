// Stores the engine's memory snapshot (engine-worker.js restores it on the next visit), once, when
// the page has been quiet after a normal boot: loaded only then, never on the way to a result.
// The snapshot is the whole WebAssembly memory (about 31 MB), half of it pages of zeros: only the
// other 64 kB pages are kept, end to end in one Blob (a Blob reads faster than a typed array).
// IndexedDB record, under the key (runtime, standard library, engine wheel and rules hashes):
//   {manifeste: the site's manifest.json, taille: the snapshot's size in bytes,
//    plages: [start, end, start, end...] the kept byte ranges, octets: Blob of those ranges}
const PAGE = 65536;

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
