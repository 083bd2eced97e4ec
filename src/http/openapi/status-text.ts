/** What each HTTP status means in the document's answers. */
export const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  400: 'The request cannot be honoured as sent (the problem names the field)',
  404: 'Nothing has that name or id',
  405: 'Method not allowed',
  409: 'The state does not allow it',
  413: 'The body is larger than api.maxBodyBytes',
  500: 'Internal server error',
  503: 'Service temporarily unavailable',
};
