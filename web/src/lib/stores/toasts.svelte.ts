// Short notices at the bottom of the screen ("Moved 3 items", "Undo").

export interface Toast {
  id: number;
  message: string;
  kind: 'info' | 'error' | 'success';
  action?: { label: string; run: () => void };
}

let next = 0;

class Toasts {
  items = $state<Toast[]>([]);

  show(message: string, opts: { kind?: Toast['kind']; action?: Toast['action']; timeout?: number } = {}): number {
    const id = ++next;
    this.items.push({ id, message, kind: opts.kind ?? 'info', action: opts.action });
    const timeout = opts.timeout ?? (opts.kind === 'error' ? 8000 : 4000);
    if (timeout > 0) setTimeout(() => this.dismiss(id), timeout);
    return id;
  }

  error(message: string): number {
    return this.show(message, { kind: 'error' });
  }

  dismiss(id: number): void {
    this.items = this.items.filter((t) => t.id !== id);
  }
}

export const toasts = new Toasts();
