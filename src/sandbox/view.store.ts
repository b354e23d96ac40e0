import type { OpenView, StoredViewJson } from './sandbox.types';

export const MODAL_STACK_LIMIT = 3;

export interface ViewLocation {
  user: string;
  kind: 'modal' | 'home';
  entry: OpenView;
}

/** Open modal stacks (per user, top last) and published Home tabs. */
export class ViewStore {
  private readonly stacks = new Map<string, OpenView[]>();
  private readonly homes = new Map<string, OpenView>();

  stack(user: string): OpenView[] {
    return this.stacks.get(user) ?? [];
  }

  home(user: string): OpenView | undefined {
    return this.homes.get(user);
  }

  /** views.open starts a fresh stack: Slack shows one modal stack per user at a time. */
  open(user: string, view: StoredViewJson): OpenView {
    const entry = toEntry(view);
    this.stacks.set(user, [entry]);
    return entry;
  }

  push(user: string, view: StoredViewJson): OpenView {
    const entry = toEntry(view);
    const stack = this.stacks.get(user) ?? [];
    stack.push(entry);
    this.stacks.set(user, stack);
    return entry;
  }

  publishHome(user: string, view: StoredViewJson): OpenView {
    const entry = toEntry(view);
    this.homes.set(user, entry);
    return entry;
  }

  replace(location: ViewLocation, view: StoredViewJson): OpenView {
    const entry = toEntry(view);
    if (location.kind === 'home') {
      this.homes.set(location.user, entry);
      return entry;
    }
    const stack = this.stack(location.user);
    const index = stack.indexOf(location.entry);
    if (index >= 0) stack[index] = entry;
    return entry;
  }

  /** Removes a modal and everything pushed above it (closing a view closes its children too). */
  close(user: string, viewId: string): OpenView | undefined {
    const stack = this.stack(user);
    const index = stack.findIndex((v) => v.id === viewId);
    if (index < 0) return undefined;
    const [closed] = stack.splice(index);
    return closed;
  }

  clearStack(user: string): void {
    this.stacks.delete(user);
  }

  locate(predicate: (view: StoredViewJson) => boolean): ViewLocation | undefined {
    for (const [user, stack] of this.stacks) {
      const entry = stack.find((v) => predicate(v.view));
      if (entry) return { user, kind: 'modal', entry };
    }
    for (const [user, entry] of this.homes) {
      if (predicate(entry.view)) return { user, kind: 'home', entry };
    }
    return undefined;
  }

  /** Every open modal stack and Home tab, for a snapshot. */
  entries(): { stacks: [string, OpenView[]][]; homes: [string, OpenView][] } {
    return { stacks: [...this.stacks.entries()], homes: [...this.homes.entries()] };
  }

  restore(entries: { stacks: [string, OpenView[]][]; homes: [string, OpenView][] }): void {
    for (const [user, stack] of entries.stacks) this.stacks.set(user, stack);
    for (const [user, home] of entries.homes) this.homes.set(user, home);
  }

  clear(): void {
    this.stacks.clear();
    this.homes.clear();
  }
}

function toEntry(view: StoredViewJson): OpenView {
  return { id: view.id, view, hash: view.hash };
}
