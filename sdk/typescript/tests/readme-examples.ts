// Compile-only: the README's snippets type-check against the package (never run).
import { ConflictError, isEmployeeChange, Pulse, UnprocessableEntityError, WebhookVerificationError, webhooks } from "@pulsehr/sdk";

export async function readmeExamples(pulse: Pulse, id: string, body: { full_name: string; start_date: string }) {
  const ada = await pulse.employees.create(
    { full_name: "Ada Lovelace", email: "ada@example.com", start_date: "2026-01-12", country: "GB" },
  );
  await pulse.employees.update(ada.id, { role: "Staff Engineer", version: ada.version });
  const balance = await pulse.leave.balance(ada.id, { year: 2026 });
  void balance.balances[0]?.remaining;

  const result = await pulse.employees.update(ada.id, { role: "Lead", effective_date: "2027-01-04" });
  if (isEmployeeChange(result)) {
    console.log(result.status, result.changes["role"]);
    await pulse.employees.cancelChange(ada.id, result.id);
  }
  for await (const change of pulse.employees.history(ada.id)) console.log(change.effective_date, change.status);
  for await (const changed of pulse.employees.list({ updated_since: "2026-06-01T00:00:00Z" })) void changed.id;
  const everything = await pulse.employees.export(ada.id);
  void everything.score.score;
  await pulse.employees.offboard(ada.id);
  await pulse.employees.erase(ada.id);
  const leave = await pulse.leave.create({ employee_id: ada.id, kind: "vacation", start_date: "2026-08-03", end_date: "2026-08-07" });
  if (leave.status === "requested") {
    const approved = await pulse.leave.approve(leave.id, { note: "Enjoy" });
    console.log(approved.decided_by, approved.decided_at, approved.decision_note);
  }
  const pending = (await pulse.leave.balance(ada.id)).balances.map((b) => [b.kind, b.pending]);
  void pending;
  const score = await pulse.scores.retrieve(ada.id, { as_of: "2026-06-30" });
  console.log(score.score, score.factors.map((f) => [f.name, f.score]), score.explanation);
  const groups = await pulse.scores.groups({ group_by: "department" });
  for (const group of groups.data) console.log(group.key, group.suppressed ? "—" : group.score);

  for await (const employee of pulse.employees.list({ department: "Engineering", status: "active" })) {
    console.log(employee.full_name);
  }
  const page = await pulse.employees.list({ limit: 50 });
  void [page.data, page.next_cursor, page.total_count, page.hasNextPage()];
  if (page.hasNextPage()) await page.getNextPage();
  for await (const e of page) void e.id;
  for await (const p of page.iterPages()) void p.data;

  try {
    await pulse.leave.create({ employee_id: ada.id, kind: "vacation", start_date: "2026-05-08", end_date: "2026-05-04" });
  } catch (err) {
    if (err instanceof UnprocessableEntityError) console.log(err.fields, err.message);
    else if (err instanceof ConflictError) console.log("overlaps", err.message);
    else throw err;
  }

  await pulse.employees.create(body, { idempotencyKey: "hire-ada-2026-01-12" });
  await pulse.employees.list({}, { timeout: 5_000, maxRetries: 0, signal: AbortSignal.timeout(10_000) });

  const { data, response } = await pulse.employees.retrieve(id).withResponse();
  void [data.full_name, response.status, response.requestId, response.rateLimit?.remaining, response.idempotentReplayed,
    response.attempts, response.headers.get("x-ratelimit-remaining")];
}

export function receive(rawBody: Buffer, header: string | undefined, secret: string): number {
  let event;
  try {
    event = Pulse.webhooks.verify(rawBody, header, secret);
  } catch (err) {
    if (err instanceof WebhookVerificationError) return 400;
    throw err;
  }
  if (event.type === "leave.logged") console.log(event.data.employee_id, event.data.start_date);
  webhooks.verify(rawBody.toString("utf8"), [header ?? ""], [secret, "whsec_old"], { tolerance: 600 });
  return 204;
}
