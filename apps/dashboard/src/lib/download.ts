/** Saves `text` as a file through a temporary object URL. */
export function downloadText(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** `2025-01-31T12-00-00` for file names. */
export const fileStamp = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString().slice(0, 19).replace(/:/g, '-');
