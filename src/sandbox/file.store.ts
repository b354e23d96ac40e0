/** A file uploaded the way files.uploadV2 does it: URL requested, bytes posted, upload completed. */
export interface SandboxFile {
  id: string;
  name: string;
  title: string;
  /** The length announced when the upload URL was requested. */
  length: number;
  content?: Buffer;
  completed: boolean;
  /** Where it was shared when completed: a channel (and thread), or nowhere (private to the app). */
  channel?: string;
  threadTs?: string;
  /** The share message's ts. */
  ts?: string;
}

/** Files by id, in upload order. */
export class FileStore {
  private readonly byId = new Map<string, SandboxFile>();

  add(file: SandboxFile): SandboxFile {
    this.byId.set(file.id, file);
    return file;
  }

  get(id: string): SandboxFile | undefined {
    return this.byId.get(id);
  }

  list(): SandboxFile[] {
    return [...this.byId.values()];
  }

  clear(): void {
    this.byId.clear();
  }
}

/** A guess at the type Slack would report, from the file name. */
export function mimetypeOf(name: string): string {
  const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  return { md: 'text/markdown', csv: 'text/csv', txt: 'text/plain', json: 'application/json', png: 'image/png', pdf: 'application/pdf' }[ext] ?? 'application/octet-stream';
}
