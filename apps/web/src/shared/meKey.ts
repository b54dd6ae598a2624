/** The query key of the signed-in person (`useMe()`); the API client clears it when a session ends. */
export const ME_KEY = ["identity", "me"] as const;
