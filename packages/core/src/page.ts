/** One page of a list endpoint. Follow `next` to get the following page; never build cursors. */
export interface Page<T> {
  previous: string | null;
  next: string | null;
  results: T[];
}
