import { Pulse } from "@pulsehr/sdk";
const pulse = new Pulse({ apiKey: process.env.PULSE_API_KEY! });
// Post a status-log entry on behalf of an authenticated user
const entry = await pulse.statusLog.create({
employee_id: "emp_01HR3…",
lines: [
"Shipped the OG localiser. Three locales live.",
"Hit a CLS regression on /product; fix in 1742.",
"Pairing with Niccolò on the workload trend curve.",
],
});
// Send a kudos
await pulse.kudos.create({
to_employee_id: "emp_01HR4…",
coins: 10,
tag: "craft",
note: "Picked up the failing migration without anyone asking.",
});
