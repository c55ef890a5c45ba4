// Every method of every resource, against the real server started by scripts/with-test-server.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConflictError, isEmployeeChange, NotFoundError, Page, Pulse, UnprocessableEntityError, type PulseEvent } from "@pulsehr/sdk";
import { addDays, client, day, env, monday, newEmployee, unique } from "./helpers.js";

const pulse = client();

async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe("employees", () => {
  it("create, retrieve, update, list, offboard", async () => {
    const department = unique("dept");
    const email = `${unique("ada")}@example.com`;
    const created = await pulse.employees.create({
      full_name: "Ada Lovelace",
      email,
      start_date: "2021-01-11",
      department,
      country: "gb",
      custom_fields: { shirt_size: "M", remote: true },
    });
    assert.match(created.id, /^emp_/);
    assert.equal(created.country, "GB");
    assert.equal(created.status, "active");
    assert.equal(created.version, 1);
    assert.deepEqual(created.custom_fields, { shirt_size: "M", remote: true });

    const fetched = await pulse.employees.retrieve(created.id);
    assert.deepEqual(fetched, created);

    const updated = await pulse.employees.update(created.id, { role: "Staff Engineer", version: created.version });
    assert.equal(updated.role, "Staff Engineer");
    assert.equal(updated.version, 2);

    const page = await pulse.employees.list({ department, status: "active" });
    assert.ok(page instanceof Page);
    assert.deepEqual(
      page.data.map((e) => e.id),
      [created.id],
    );
    assert.equal(page.total_count, 1);
    assert.equal(page.next_cursor, null);
    const found = await pulse.employees.list({ q: email.toUpperCase() });
    assert.deepEqual(
      found.data.map((e) => e.id),
      [created.id],
    );

    const offboarded = await pulse.employees.offboard(created.id);
    assert.equal(offboarded.status, "former");
    assert.equal(offboarded.end_date, day(0));
    const former = await pulse.employees.list({ department, status: "former" });
    assert.deepEqual(
      former.data.map((e) => e.id),
      [created.id],
    );
  });
});

describe("employee history, export and erasure", () => {
  it("update schedules with effective_date; history, cancelChange, updated_since", async () => {
    const person = await newEmployee(pulse, { role: "Engineer" });
    const scheduled = await pulse.employees.update(person.id, { role: "Lead", effective_date: day(1) });
    assert.ok(isEmployeeChange(scheduled), "a later effective_date answers the scheduled change (202)");
    assert.match(scheduled.id, /^chg_/);
    assert.equal(scheduled.status, "scheduled");
    assert.equal(scheduled.effective_date, day(1));
    assert.deepEqual(scheduled.changes["role"], { from: "Engineer", to: "Lead" });
    assert.equal((await pulse.employees.retrieve(person.id)).role, "Engineer");

    const now = await pulse.employees.update(person.id, { location: "Turin" });
    assert.equal(isEmployeeChange(now), false);
    assert.equal(now.location, "Turin");

    const history = await all(pulse.employees.history(person.id, { limit: 1 }));
    assert.ok(history.length >= 3, "created, scheduled and applied, walked a page at a time");
    assert.deepEqual(
      history.find((c) => c.id === scheduled.id),
      scheduled,
    );
    const applied = history.find((c) => "location" in c.changes)!;
    assert.equal(applied.status, "applied");
    const event = await pulse.events.retrieve(applied.event_id!);
    assert.equal(event.type, "employee.updated");
    if (event.type === "employee.updated") assert.equal(event.data.previous_attributes["location"], null);

    const cancelled = await pulse.employees.cancelChange(person.id, scheduled.id);
    assert.equal(cancelled.status, "cancelled");
    assert.equal((await pulse.employees.retrieve(person.id)).role, "Engineer");

    const since = await all(pulse.employees.list({ updated_since: now.updated_at, limit: 200 }));
    assert.ok(since.some((e) => e.id === person.id));
  });

  it("export, then erase a former employee", async () => {
    const [person, colleague] = await Promise.all([newEmployee(pulse, { role: "Analyst" }), newEmployee(pulse)]);
    const entry = await pulse.statusLog.create({ employee_id: person.id, lines: ["Private."] });
    const kudos = await pulse.kudos.create({ from_employee_id: colleague.id, to_employee_id: person.id, coins: 3, tag: "help" });

    const exported = await pulse.employees.export(person.id);
    assert.deepEqual(exported.employee, person);
    assert.deepEqual(
      exported.status_log.map((e) => e.id),
      [entry.id],
    );
    assert.deepEqual(
      exported.kudos_received.map((k) => k.id),
      [kudos.id],
    );
    assert.equal(exported.score.employee_id, person.id);

    await assert.rejects(pulse.employees.erase(person.id), UnprocessableEntityError);
    await pulse.employees.offboard(person.id);
    const erased = await pulse.employees.erase(person.id, { idempotencyKey: unique("erase") });
    assert.equal(erased.id, person.id);
    assert.notEqual(erased.full_name, person.full_name);
    assert.equal(erased.role, null);
    assert.deepEqual(await pulse.employees.erase(person.id), erased);

    const events = await all(pulse.events.list({ type: "employee.erased", created_from: person.created_at }));
    const event = events.find((e) => e.type === "employee.erased" && e.data.id === person.id);
    assert.ok(event, "an employee.erased event with the id alone");
  });
});

describe("scores", () => {
  it("retrieve and groups", async () => {
    const department = unique("scored");
    const people = await Promise.all([0, 1, 2].map(() => newEmployee(pulse, { department })));
    const score = await pulse.scores.retrieve(people[0]!.id, { as_of: day(0) });
    assert.equal(score.employee_id, people[0]!.id);
    assert.equal(score.as_of, day(0));
    assert.equal(score.window_days, 90);
    assert.deepEqual(score.factors.map((f) => f.name).sort(), ["participation", "recognition", "time_off", "workload"]);
    assert.equal(score.previous.as_of, day(-90));
    assert.equal((await pulse.scores.retrieve(people[0]!.id)).as_of, day(0));

    const groups = await pulse.scores.groups({ group_by: "department" });
    assert.equal(groups.group_by, "department");
    const mine = groups.data.find((g) => g.key === department);
    assert.equal(mine?.employees, 3);
    await assert.rejects(pulse.scores.retrieve(people[0]!.id, { as_of: day(1) }), UnprocessableEntityError);
  });
});

describe("statusLog", () => {
  it("create, retrieve, list", async () => {
    const employee = await newEmployee(pulse);
    const topic = unique("topic");
    const entry = await pulse.statusLog.create({
      employee_id: employee.id,
      lines: ["  Shipped the thing.  ", "Reviewing the other thing."],
      topic,
      date: day(-1),
    });
    assert.match(entry.id, /^sl_/);
    assert.equal(entry.employee_id, employee.id);
    assert.deepEqual(entry.lines, ["Shipped the thing.", "Reviewing the other thing."]);
    assert.equal(entry.date, day(-1));
    assert.deepEqual(await pulse.statusLog.retrieve(entry.id), entry);

    const second = await pulse.statusLog.create({ employee_id: employee.id, lines: ["Today."] });
    assert.equal(second.date, day(0));
    const mine = await all(pulse.statusLog.list({ employee_id: employee.id, limit: 1 }));
    assert.deepEqual(
      mine.map((e) => e.id),
      [entry.id, second.id],
    );
    const byTopic = await pulse.statusLog.list({ topic, date_from: day(-1), date_to: day(-1) });
    assert.deepEqual(
      byTopic.data.map((e) => e.id),
      [entry.id],
    );
  });
});

describe("kudos", () => {
  it("create, retrieve, list", async () => {
    const [giver, receiver] = await Promise.all([newEmployee(pulse), newEmployee(pulse)]);
    const tag = `t-${Date.now().toString(36)}`;
    const kudos = await pulse.kudos.create({
      from_employee_id: giver.id,
      to_employee_id: receiver.id,
      coins: 7,
      tag,
      note: "Picked up the failing migration.",
    });
    assert.match(kudos.id, /^kudo_/);
    assert.equal(kudos.coins, 7);
    assert.deepEqual(await pulse.kudos.retrieve(kudos.id), kudos);
    const given = await pulse.kudos.list({ from_employee_id: giver.id });
    assert.deepEqual(
      given.data.map((k) => k.id),
      [kudos.id],
    );
    const tagged = await pulse.kudos.list({ tag, to_employee_id: receiver.id });
    assert.equal(tagged.total_count, 1);
  });
});

describe("workloadCheckins", () => {
  it("create, retrieve, list", async () => {
    const employee = await newEmployee(pulse);
    const thisWeek = await pulse.workloadCheckins.create({ employee_id: employee.id, level: "balanced" });
    assert.match(thisWeek.id, /^wl_/);
    assert.equal(thisWeek.week_start, monday(0));
    const lastWeek = await pulse.workloadCheckins.create({
      employee_id: employee.id,
      level: "heavy",
      week_start: monday(-1),
    });
    assert.deepEqual(await pulse.workloadCheckins.retrieve(thisWeek.id), thisWeek);
    const mine = await pulse.workloadCheckins.list({ employee_id: employee.id });
    assert.deepEqual(
      mine.data.map((c) => c.id),
      [thisWeek.id, lastWeek.id],
    );
    const heavy = await pulse.workloadCheckins.list({ employee_id: employee.id, level: "heavy", week_to: monday(-1) });
    assert.deepEqual(
      heavy.data.map((c) => c.id),
      [lastWeek.id],
    );
  });
});

describe("leave", () => {
  it("create, retrieve, list, balance, cancel", async () => {
    const employee = await newEmployee(pulse);
    const start = monday(2);
    const end = addDays(start, 2);
    const leave = await pulse.leave.create({
      employee_id: employee.id,
      kind: "vacation",
      start_date: start,
      end_date: end,
      days: 1,
      note: "Lisbon",
    });
    assert.match(leave.id, /^lv_/);
    assert.equal(leave.status, "logged");
    assert.equal(leave.days, 1);
    assert.deepEqual(await pulse.leave.retrieve(leave.id), leave);

    const listed = await pulse.leave.list({ employee_id: employee.id, kind: "vacation", from: start, to: end });
    assert.deepEqual(
      listed.data.map((l) => l.id),
      [leave.id],
    );

    const year = Number(start.slice(0, 4));
    const balance = await pulse.leave.balance(employee.id, { year });
    assert.equal(balance.employee_id, employee.id);
    assert.equal(balance.year, year);
    const vacation = balance.balances.find((b) => b.kind === "vacation");
    assert.ok(vacation, "the balance lists vacation");
    assert.equal(vacation.planned, 1);
    assert.equal(balance.balances.length, 6);
    const thisYear = await pulse.leave.balance(employee.id);
    assert.equal(thisYear.year, new Date().getUTCFullYear());

    const cancelled = await pulse.leave.cancel(leave.id);
    assert.equal(cancelled.status, "cancelled");
    assert.ok(cancelled.cancelled_at);
    const again = await pulse.leave.cancel(leave.id);
    assert.deepEqual(again, cancelled);
    const logged = await pulse.leave.list({ employee_id: employee.id, status: "logged" });
    assert.equal(logged.total_count, 0);
  });
});

describe("leave approval", () => {
  it("requested leave is approved or declined, with a note; the balance shows it pending", async () => {
    const approvals = new Pulse({ apiKey: env("PULSE_TEST_APPROVAL_KEY") });
    const person = await newEmployee(approvals);
    const year = new Date().getUTCFullYear() + 1;
    const requested = await approvals.leave.create({
      employee_id: person.id,
      kind: "vacation",
      start_date: `${year}-08-03`,
      end_date: `${year}-08-07`,
    });
    assert.equal(requested.status, "requested");
    assert.deepEqual([requested.decided_by, requested.decided_at, requested.decision_note], [null, null, null]);
    const waiting = (await approvals.leave.balance(person.id, { year })).balances.find((b) => b.kind === "vacation")!;
    assert.deepEqual([waiting.pending, waiting.planned], [requested.days, 0]);

    const approved = await approvals.leave.approve(requested.id, { note: "Enjoy" });
    assert.equal(approved.status, "approved");
    assert.equal(approved.decision_note, "Enjoy");
    assert.ok(approved.decided_at);
    await assert.rejects(approvals.leave.decline(requested.id), ConflictError);
    const decided = (await approvals.leave.balance(person.id, { year })).balances.find((b) => b.kind === "vacation")!;
    assert.deepEqual([decided.pending, decided.planned], [0, requested.days]);

    const second = await approvals.leave.create({ employee_id: person.id, kind: "personal", start_date: `${year}-09-01`, end_date: `${year}-09-01` });
    const declined = await approvals.leave.decline(second.id);
    assert.deepEqual([declined.status, declined.decision_note], ["declined", null]);
    const events = await all(approvals.events.list({ created_from: person.created_at, limit: 200 }));
    const types = new Set(events.map((e) => e.type));
    for (const type of ["leave.requested", "leave.approved", "leave.declined"]) assert.ok(types.has(type as PulseEvent["type"]), type);
    const approvedEvent = events.find((e) => e.type === "leave.approved");
    if (approvedEvent?.type === "leave.approved") assert.equal(approvedEvent.data.id, requested.id);
  });
});

describe("webhookEndpoints", () => {
  it("create, retrieve, update, list, rollSecret, sendTest, listDeliveries, delete", async () => {
    const description = unique("hook");
    const endpoint = await pulse.webhookEndpoints.create({
      url: "http://127.0.0.1:9/pulse/hook",
      events: ["leave.logged", "kudos.awarded"],
      description,
    });
    assert.match(endpoint.id, /^we_/);
    assert.match(endpoint.secret, /^whsec_/);
    assert.equal(endpoint.enabled, true);

    const fetched = await pulse.webhookEndpoints.retrieve(endpoint.id);
    assert.equal(fetched.description, description);
    assert.equal("secret" in fetched, false);

    const updated = await pulse.webhookEndpoints.update(endpoint.id, { enabled: false, events: ["*"] });
    assert.equal(updated.enabled, false);
    assert.deepEqual(updated.events, ["*"]);
    const disabled = await all(pulse.webhookEndpoints.list({ enabled: false }));
    assert.ok(disabled.some((e) => e.id === endpoint.id));
    await pulse.webhookEndpoints.update(endpoint.id, { enabled: true });

    const rolled = await pulse.webhookEndpoints.rollSecret(endpoint.id);
    assert.match(rolled.secret, /^whsec_/);
    assert.notEqual(rolled.secret, endpoint.secret);

    const delivery = await pulse.webhookEndpoints.sendTest(endpoint.id);
    assert.match(delivery.id, /^del_/);
    assert.equal(delivery.endpoint_id, endpoint.id);
    assert.equal(delivery.event_type, "webhook_endpoint.test");
    const deliveries = await pulse.webhookEndpoints.listDeliveries(endpoint.id, { status: "pending" });
    assert.deepEqual(
      deliveries.data.map((d) => d.id),
      [delivery.id],
    );
    const byEvent = await pulse.webhookEndpoints.listDeliveries(endpoint.id, { event_id: delivery.event_id });
    assert.equal(byEvent.total_count, 1);

    const deleted = await pulse.webhookEndpoints.delete(endpoint.id);
    assert.equal(deleted.deleted, true);
    assert.equal(deleted.id, endpoint.id);
    await assert.rejects(pulse.webhookEndpoints.retrieve(endpoint.id), NotFoundError);
  });
});

describe("events and eventTypes", () => {
  it("eventTypes.list returns the catalogue", async () => {
    const types = await pulse.eventTypes.list();
    const names = types.data.map((t) => t.type);
    assert.ok(names.includes("employee.created"));
    assert.ok(names.includes("webhook_endpoint.test"));
    for (const t of types.data) assert.ok(t.description && t.schema, `${t.type} has a description and schema`);
  });

  it("list, retrieve, replay", async () => {
    const employee = await newEmployee(pulse);
    const recent = await all(pulse.events.list({ type: "employee.created", created_from: `${day(-1)}T00:00:00Z` }));
    const event = recent.find((e): e is Extract<PulseEvent, { type: "employee.created" }> =>
      e.type === "employee.created" && e.data.id === employee.id,
    );
    assert.ok(event, "employee.created is in the event log");
    assert.match(event.id, /^evt_/);
    assert.equal(event.data.full_name, employee.full_name);

    const fetched = await pulse.events.retrieve(event.id);
    assert.deepEqual(fetched, event);
    const none = await pulse.events.list({ type: "employee.created", delivery_failed: true, limit: 1 });
    assert.equal(none.total_count, 0);

    const endpoint = await pulse.webhookEndpoints.create({ url: "http://127.0.0.1:9/replay", events: ["leave.logged"] });
    try {
      const targeted = await pulse.events.replay(event.id, { endpoint_id: endpoint.id });
      assert.equal(targeted.data.length, 1);
      assert.equal(targeted.data[0]!.endpoint_id, endpoint.id);
      assert.equal(targeted.data[0]!.event_id, event.id);
      const broadcast = await pulse.events.replay(event.id);
      assert.ok(Array.isArray(broadcast.data));
      assert.ok(broadcast.data.every((d) => d.event_id === event.id && d.endpoint_id !== endpoint.id));
    } finally {
      await pulse.webhookEndpoints.delete(endpoint.id);
    }
  });
});

describe("raw responses", () => {
  it("withResponse gives headers, request id and status", async () => {
    const { data, response } = await pulse.employees.retrieve(env("PULSE_TEST_EMPLOYEE_ID")).withResponse();
    assert.equal(data.id, env("PULSE_TEST_EMPLOYEE_ID"));
    assert.equal(response.status, 200);
    assert.match(response.requestId ?? "", /^req_/);
    assert.equal(response.headers.get("x-request-id"), response.requestId);
    assert.equal(response.idempotentReplayed, false);
    assert.equal(response.attempts, 1);
    const page = await pulse.employees.list({ limit: 1 });
    assert.match(page.response.requestId ?? "", /^req_/);
  });
});
