// Hand-written holdout corpus: different voices and formats from the generator (SMS shorthand,
// lower-case names, international numbers and addresses, forwarded e-mails, form dumps).
// Markup: {{TYPE|value}} marks a PHI span; everything else is plain text.
import { type PhiType } from "@frontdesk/phi";

export interface HoldoutMessage {
  text: string;
  spans: { type: PhiType; start: number; end: number }[];
}

const RAW: string[] = [
  // --- with PHI ---
  "hey its {{NAME|jenny}} from yesterday, can u move me to {{DATE|6/12}}? thx",
  "this is {{NAME|raj malhotra}}, my dob is {{DATE|04-22-1979}} and my cell {{PHONE|917 555 0142}}",
  "Hola, soy {{NAME|Lucía Fernández}}. Mi teléfono es {{PHONE|+34 612 345 678}}. Gracias!",
  "pls fax the referral to {{FAX|(212) 555-0199}} attn {{NAME|Dr. Okonkwo}}",
  "Fwd: from {{EMAIL|b.nakamura@kyoto-clinic.jp}} — patient {{NAME|Hiroshi Sato}}, born {{DATE|1948-11-03}}",
  "New address: {{ADDRESS|Flat 3, 27 Hazel Grove, Leeds}} {{ZIP_CODE|LS6 2AB}}. Phone {{PHONE|+44 113 496 0321}}",
  "my grandpa turned {{AGE_OVER_89|97}} last month and needs a wheelchair at check-in",
  "Pt {{NAME|Adaeze Nwosu}}, {{AGE_OVER_89|91 yo}}, MRN {{MRN|4471902}}, allergic to penicillin",
  "card on file is {{CREDIT_CARD|5500-0000-0000-0004}}, pls charge the $45 copay",
  "SSN: {{SSN|219-09-9999}} (needed for the financial assistance form)",
  "my medicare # is {{HEALTH_PLAN_ID|5KQ9-AX3-UT41}} and my secondary is Aetna member {{HEALTH_PLAN_ID|W2847719302}}",
  "Dispatch log: device {{DEVICE_ID|PM-88231-X}} (pacemaker) pinged from {{IP_ADDRESS|203.0.113.77}}",
  "Prescriber: {{NAME|Dr. Amara Diallo}}, DEA {{LICENSE_NUMBER|BD6395733}}, NPI {{LICENSE_NUMBER|1467893324}}",
  "parking: silver honda, plate {{VEHICLE_ID|8KTY392}}, vin {{VEHICLE_ID|2HGFC2F59JH542687}}",
  "Login alert for {{EMAIL|marco.rossi77@libero.it}} from {{IP_ADDRESS|2a02:c7f:5e1a:8b00:1d4e:77ff:fe21:9a3c}}",
  "Ship to: {{NAME|Kwabena Mensah}}, {{ADDRESS|1400 W Roosevelt Rd Apt 12C, Chicago, IL}} {{ZIP_CODE|60608}}",
  "{{NAME|Sipho Dlamini}} here - running 10 min late for my 2:30",
  "Thx! - {{NAME|Mei}}",
  "Results portal link: {{URL|https://results.northwell-labs.com/r/8f2k9Q}} (expires in 7 days)",
  "account no. {{ACCOUNT_NUMBER|0048213377}} still shows the old balance of $212.40",
  "My license number is {{LICENSE_NUMBER|K203-5561-0094}} if you need it for ID",
  "Hi {{NAME|Yetunde}}, your appointment with {{NAME|Dr. Chen}} is confirmed for {{DATE|Thursday, Aug 7}} at 9:15am.",
  "Name: {{NAME|Oluwaseun Adeyemi}} | DOB: {{DATE|12.01.1990}} | Insurance ID: {{HEALTH_PLAN_ID|UHC884201557}}",
  "call my daughter {{NAME|Priya}} at {{PHONE|+91 98200 11234}} if I don't pick up",
  "send the bill to {{ADDRESS|55 rue du Faubourg Saint-Antoine}}, {{ZIP_CODE|75011}} Paris",
  "The insulin pump serial is {{DEVICE_ID|NG4419872H}} and it beeps every hour",
  "{{NAME|Mrs. Haddad}} (age {{AGE_OVER_89|93}}) needs the ground floor room",
  "my email changed to {{EMAIL|tunde_o@proton.me}}, old one was {{EMAIL|tunde.oyelaran@yahoo.com}}",
  "refund the visa ending 4242? no wait use {{CREDIT_CARD|4012 8888 8888 1881}}",
  "DOB {{DATE|March 3rd, 1931}}, widow, lives alone at {{ADDRESS|9 Birchwood Ct, Dayton, OH}} {{ZIP_CODE|45402}}",
  "ok so my chart # is {{MRN|A00982231}} and the group number is {{HEALTH_PLAN_ID|GRP-77120}}",
  "whatsapp me {{PHONE|+27 82 555 0199}} - {{NAME|thabo}}",
  "Reminder: {{NAME|José Luis Ramírez}} booked on {{DATE|02/29/2028}} with hygienist",
  "we found a wallet w/ driver licence {{LICENSE_NUMBER|S530-4417-2294}} and a visa {{CREDIT_CARD|4111-1111-1111-1111}}",
  "Our fax changed: now {{FAX|+1 415 555 0110}}",
  "server logs show {{NAME|maria gonzalez}} logged in from {{IP_ADDRESS|198.51.100.23}}",
  "Patient is {{AGE_OVER_89|102 years old}}, DNR on file",
  "Please update my address to {{ADDRESS|2210 Pine Street, Unit 4, San Francisco, CA}} {{ZIP_CODE|94115}}",
  "acct {{ACCOUNT_NUMBER|7719-2204-88}} - autopay failed again",
  // --- clean, with look-alikes ---
  "order 4471-2290-1183 shipped, est. delivery fri",
  "total came to $1,482.16 incl. tax, receipt #88213",
  "pls restock SKU-HX-9921 and SKU-HX-9922 (qty 40 each)",
  "ups tracking 1Z84V9A20398711245 says out for delivery",
  "Version 3.14.2 of the kiosk app fixed the check-in bug",
  "can we do 4:30 instead of 3:45? running behind",
  "Metformin 500 mg, take 1 tab with dinner. Refill in 30 days.",
  "We've been open since 2009 and moved to the new building in 2021.",
  "My mom is 67 and my dad is 71, both need flu shots",
  "The Riverside Urgent Care location closes at 8 on Saturdays",
  "Dr. on call today is covering two clinics, expect delays",
  "Invoice 900-12-3456 was voided; reissued as 900123457",
  "test card 4111 1111 1111 1112 got declined (expected)",
  "Ozempic and Wegovy are both backordered until next month",
  "Meeting notes: Q3 revenue up 12%, churn 2.1%, NPS 61",
  "The Apple Watch and the Dexcom G7 won't pair, any ideas?",
  "please bring 2 forms of ID and arrive 15 minutes early",
  "Monday and Wednesday work best, mornings only",
  "Room 204 is ready; the MRI tech will grab you at 10",
  "BOGO promo: buy 2 get 1, code SPRING25, ends 5pm",
  "Can you ship 12 boxes to the warehouse? PO 4500123311",
  "The 3M masks (model 1860) are in aisle 7",
  "Our Wi-Fi password changed, ask the front desk",
  "Please rate your visit from 1 to 10",
  "Patient portal is down for maintenance until 6 AM",
];

export function holdoutCorpus(): HoldoutMessage[] {
  return RAW.map((raw) => {
    let text = "";
    const spans: HoldoutMessage["spans"] = [];
    const re = /\{\{([A-Z_0-9]+)\|([^}]*)\}\}/g;
    let last = 0;
    for (const m of raw.matchAll(re)) {
      text += raw.slice(last, m.index);
      const value = m[2] ?? "";
      const type = m[1] as PhiType;
      // Titles stay outside NAME spans by convention; the markup may include them for readability.
      const title = type === "NAME" ? (/^(?:Dr|Mrs|Mr|Ms)\.\s+/.exec(value)?.[0] ?? "") : "";
      text += title;
      spans.push({ type, start: text.length, end: text.length + value.length - title.length });
      text += value.slice(title.length);
      last = m.index + m[0].length;
    }
    text += raw.slice(last);
    return { text, spans };
  });
}
