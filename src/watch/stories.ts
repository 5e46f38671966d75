/** The story a document belongs to, for alert rules with `--story` and for the digest's grouping. */
import type { Store } from '../store/store.ts';

export async function storyOfDocument(store: Store, documentId: string): Promise<{ id: string; title: string } | null> {
  return store.storyOfDocument(documentId);
}
