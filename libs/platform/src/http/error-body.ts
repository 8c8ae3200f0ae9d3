/** The one error shape every app returns (DESIGN §10). */
export interface ErrorBody {
  code: string;
  message: string;
  details?: unknown;
}
