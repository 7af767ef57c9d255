/** Keys per page; the server's prefetch and the client's query must agree on it. */
export const API_KEYS_PAGE_SIZE = 50;
