/** One error code: its HTTP status and what to tell a person, in Chinese (`message`) and English (`messageEn`). */
export interface ErrorCodeDefinition {
  readonly status: number;
  readonly message: string;
  readonly messageEn: string;
}
