// Synthetic chat traffic for the PHI benchmark: appointment, refill, billing and shipping
// messages, ~60% carrying PHI of all 18 types and ~40% clean but full of look-alikes (order
// numbers, prices, SKUs, tracking numbers, times, versions, drug and clinic names). The name,
// street and city lists deliberately differ from the detector's own lists.
import { type PhiType } from "@frontdesk/phi";
import { createRng, type Rng } from "./rng";
import * as v from "./values";

export interface CorpusSpan {
  type: PhiType;
  start: number;
  end: number;
}
export interface CorpusMessage {
  text: string;
  spans: CorpusSpan[];
}

type Part = string | [PhiType, string];
type Template = (r: Rng) => Part[];

const person = (r: Rng): Part[] => {
  const { first, last } = v.name(r);
  return r.chance(0.5) ? [["NAME", `${first} ${last}`]] : [["NAME", first]];
};

const PHI_SENTENCES: Record<PhiType, Template[]> = {
  NAME: [
    (r) => ["Hi, this is ", ...person(r), "."],
    (r) => [
      "My name is ",
      ["NAME", `${v.name(r).first} ${v.name(r).last}`],
      " and I need to reschedule.",
    ],
    (r) => ["Can ", ["NAME", v.name(r).first], " pick up the order for me?"],
    (r) => ["Dr. ", ["NAME", v.name(r).last], " asked me to book a follow-up."],
    (r) => ["Thanks, ", ...person(r)],
    (r) => ["- ", ["NAME", v.name(r).first]],
    (r) => ["Patient ", ["NAME", `${v.name(r).first} ${v.name(r).last}`], " missed the 9am slot."],
    (r) => ["My son ", ["NAME", v.name(r).first], " has the appointment, not me."],
    (r) => ["Ms. ", ["NAME", v.name(r).last], " will be driving me."],
    (r) => ["hey its ", ["NAME", v.name(r).first.toLowerCase()], " again"],
    (r) => ["Please send the invoice to ", ["NAME", `${v.name(r).first} ${v.name(r).last}`], "."],
  ],
  DATE: [
    (r) => ["DOB ", ["DATE", v.date(r, true)], "."],
    (r) => ["I was born on ", ["DATE", v.date(r, true)], "."],
    (r) => ["Can we move it to ", ["DATE", v.date(r)], "?"],
    (r) => ["My last visit was ", ["DATE", v.date(r)], "."],
    (r) => ["Surgery is scheduled for ", ["DATE", v.date(r)], " at 8:30 AM."],
  ],
  PHONE: [
    (r) => ["Call me back at ", ["PHONE", v.phone(r)], "."],
    (r) => ["my cell is ", ["PHONE", v.phone(r)]],
    (r) => ["You can reach my wife on ", ["PHONE", v.phone(r)], " after 5."],
    (r) => ["Best number: ", ["PHONE", v.phone(r)]],
  ],
  FAX: [
    (r) => ["Please fax the records to ", ["FAX", v.phone(r)], "."],
    (r) => ["Fax: ", ["FAX", v.phone(r)]],
    (r) => ["Our office fax number is ", ["FAX", v.phone(r)], "."],
  ],
  EMAIL: [
    (r) => [
      "Email me at ",
      [
        "EMAIL",
        `${v.name(r).first.toLowerCase()}.${r.int(1, 99)}@${r.pick(["gmail.com", "outlook.com", "yahoo.co.uk", "proton.me"])}`,
      ],
      ".",
    ],
    (r) => [
      "send it to ",
      [
        "EMAIL",
        `${v
          .name(r)
          .last.toLowerCase()
          .replace(/[^a-z]/g, "")}_${r.digits(3)}@example.org`,
      ],
    ],
  ],
  SSN: [
    (r) => ["SSN ", ["SSN", v.ssn(r)], " for the insurance form."],
    (r) => ["My social security number is ", ["SSN", v.ssn(r)], "."],
  ],
  MRN: [
    (r) => ["MRN: ", ["MRN", r.digits(8)]],
    (r) => ["medical record #", ["MRN", `${r.pick(["A", "M", "H"])}${r.digits(7)}`], " please."],
    (r) => ["Chart number ", ["MRN", `${r.digits(3)}-${r.digits(5)}`], " is mine."],
  ],
  HEALTH_PLAN_ID: [
    (r) => ["My Medicare number is ", ["HEALTH_PLAN_ID", v.mbi(r)], "."],
    (r) => [
      "Member ID ",
      ["HEALTH_PLAN_ID", `${r.pick(["XYZ", "W", "BCX", "U"])}${r.digits(9)}`],
      " on the card.",
    ],
    (r) => ["policy number ", ["HEALTH_PLAN_ID", `${r.pick(["H", "PL"])}${r.digits(8)}`]],
    (r) => ["MBI ", ["HEALTH_PLAN_ID", v.mbi(r)]],
  ],
  ACCOUNT_NUMBER: [
    (r) => ["Account #", ["ACCOUNT_NUMBER", r.digits(r.int(7, 10))], " shows a balance."],
    (r) => ["acct ", ["ACCOUNT_NUMBER", `${r.digits(4)}-${r.digits(6)}`], " needs updating"],
    (r) => ["Refund to IBAN ", ["ACCOUNT_NUMBER", v.iban(r)], " please."],
  ],
  LICENSE_NUMBER: [
    (r) => [
      "Driver's license ",
      ["LICENSE_NUMBER", `${r.pick(["D", "S", "B"])}${r.digits(7)}`],
      ".",
    ],
    (r) => ["DEA ", ["LICENSE_NUMBER", v.dea(r, v.name(r).last)], " on the script."],
    (r) => ["NPI ", ["LICENSE_NUMBER", v.npi(r)]],
    (r) => [
      "DL# ",
      ["LICENSE_NUMBER", `${r.pick(["A", "F", "K"])}${r.digits(3)}-${r.digits(4)}-${r.digits(4)}`],
    ],
  ],
  VEHICLE_ID: [
    (r) => ["VIN ", ["VEHICLE_ID", v.vin(r)], " for the parking permit."],
    (r) => [
      "My plate is ",
      ["VEHICLE_ID", `${r.int(1, 9)}${r.pick(["ABC", "KXR", "TJM"])}${r.digits(3)}`],
      ".",
    ],
    (r) => ["license plate ", ["VEHICLE_ID", `${r.pick(["ABC", "GHT", "ZPL"])}-${r.digits(4)}`]],
  ],
  DEVICE_ID: [
    (r) => ["Pump serial number ", ["DEVICE_ID", `SN${r.digits(8)}`], " keeps alarming."],
    (r) => ["device ID ", ["DEVICE_ID", `${r.pick(["DX", "MT", "G7"])}-${r.digits(6)}`]],
    (r) => ["IMEI ", ["DEVICE_ID", r.digits(15)]],
    (r) => [
      "CGM transmitter S/N ",
      ["DEVICE_ID", `${r.digits(2)}${r.pick(["A", "K"])}${r.digits(6)}`],
    ],
  ],
  URL: [
    (r) => [
      "See ",
      [
        "URL",
        `https://portal.${r.pick(["mercyhealth", "clinicapp", "myrecords"])}.com/patients/${r.digits(6)}`,
      ],
      ".",
    ],
    (r) => [
      "my page: ",
      [
        "URL",
        `www.${v
          .name(r)
          .last.toLowerCase()
          .replace(/[^a-z]/g, "")}family.net`,
      ],
    ],
  ],
  IP_ADDRESS: [
    (r) => ["Login came from ", ["IP_ADDRESS", v.ipv4(r)], "."],
    (r) => ["The portal blocked ", ["IP_ADDRESS", v.ipv6(r)]],
  ],
  ADDRESS: [
    (r) => {
      const a = v.address(r);
      return [
        "Ship it to ",
        ["ADDRESS", `${a.street}, ${a.cityLine}`],
        " ",
        ["ZIP_CODE", a.zip],
        ".",
      ];
    },
    (r) => ["I moved to ", ["ADDRESS", v.address(r).street], "."],
  ],
  ZIP_CODE: [(r) => ["My zip is ", ["ZIP_CODE", `${r.int(1, 9)}${r.digits(4)}`], "."]],
  CREDIT_CARD: [
    (r) => ["Charge my card ", ["CREDIT_CARD", v.card(r)], " exp 09/27."],
    (r) => ["Use ", ["CREDIT_CARD", v.card(r)], " for the copay."],
  ],
  AGE_OVER_89: [
    (r) => ["My father is ", ["AGE_OVER_89", `${r.int(90, 104)} years old`], "."],
    (r) => ["Patient ", ["AGE_OVER_89", `age ${r.int(90, 101)}`], ", needs a ride."],
    (r) => ["she's ", ["AGE_OVER_89", `${r.int(90, 99)} y/o`]],
    (r) => ["Grandma, ", ["AGE_OVER_89", `aged ${r.int(90, 106)}`], ", fell last week."],
  ],
};

const NEGATIVE_SENTENCES: Template[] = [
  (r) => [`Order #${r.int(10000, 99999)} shipped today.`],
  (r) => [`Your total is $${r.int(1, 9)},${r.digits(3)}.${r.pick(["00", "99", "50"])}.`],
  (r) => [`SKU-${r.pick(["AB", "QX", "ZR"])}-${r.digits(4)} is back in stock.`],
  (r) => [`Tracking 1Z${r.digits(3)}AA1${r.digits(10)}.`],
  (r) => [
    `See you at ${r.int(1, 12)}:${r.pick(["00", "15", "30", "45"])} ${r.pick(["PM", "AM", "pm"])}.`,
  ],
  (r) => [`The app is on v${r.int(1, 9)}.${r.int(0, 20)}.${r.int(0, 9)} now.`],
  (r) => [`Please take ${r.int(1, 3)} tablets twice a day for ${r.int(5, 14)} days.`],
  (r) => [`We opened in ${r.int(1995, 2022)}.`],
  (r) => [`The clinic is closed on ${r.pick(["Monday", "Tuesday", "Friday", "Sunday"])}.`],
  (r) => [
    `Your ${r.pick(["Lisinopril", "Metformin", "Ozempic", "Atorvastatin", "Zyrtec"])} refill is ready.`,
  ],
  (r) => [
    `${r.pick(["Sunrise Family Clinic", "Mercy Medical Center", "Northside Pharmacy", "Bright Smiles Dental"])} will confirm by text.`,
  ],
  () => ["Dr. is running late today."],
  (r) => [`My dad is ${r.int(40, 89)} years old.`],
  (r) => [`Reference number ${v.invalidCard(r)} was declined.`],
  (r) => [`Order id ${r.pick(["000", "666", "912"])}-${r.digits(2)}-${r.digits(4)} is delayed.`],
  (r) => [`Invoice ${r.pick(["000", "666", "987"])}${r.digits(6)} is paid.`],
  (r) => [`We need ${r.int(2, 40)} boxes of gloves and ${r.int(2, 12)} cases of masks.`],
  (r) => [
    `The ${r.pick(["Apple Watch", "Fitbit Charge", "Omron monitor", "FreeStyle Libre"])} arrived broken.`,
  ],
  (r) => [`Room ${r.int(100, 450)} is ready at ${r.int(1, 12)}:${r.pick(["00", "30"])}.`],
  (r) => [`Copay is $${r.int(10, 60)} and the deductible resets in January.`],
  (r) => [`Qty ${r.int(1, 9)} x Item ${r.digits(6)} @ $${r.int(5, 99)}.${r.digits(2)}`],
  () => ["Thanks so much, see you next week!"],
  () => ["Can I get a refill before the weekend?"],
  (r) => [`Step ${r.int(1, 5)} of the checklist: bring your insurance card and a photo ID.`],
  (r) => [`Our new hours start Monday: 8 to ${r.int(4, 7)}.`],
  (r) => [`The promo code SAVE${r.int(10, 30)} expires Friday.`],
  (r) => [`Gift card balance: $${r.int(5, 200)}.${r.digits(2)}`],
  (r) => [`Batch ${r.pick(["L", "K"])}${r.digits(5)} was recalled by the manufacturer.`],
];

const OPENERS = ["", "", "Hello! ", "Hi there, ", "Quick question. ", "Good morning. ", "URGENT: "];
const CLOSERS = [
  "",
  "",
  " Thank you!",
  " Thanks.",
  " Let me know.",
  " Appreciate it 🙏",
  " Gracias.",
];

function build(parts: Part[]): CorpusMessage {
  let text = "";
  const spans: CorpusSpan[] = [];
  for (const part of parts) {
    if (typeof part === "string") text += part;
    else {
      spans.push({ type: part[0], start: text.length, end: text.length + part[1].length });
      text += part[1];
    }
  }
  return { text, spans };
}

const TYPES = Object.keys(PHI_SENTENCES) as PhiType[];

export function generateCorpus({
  size = 2400,
  seed,
}: {
  size?: number;
  seed: number;
}): CorpusMessage[] {
  const r = createRng(seed);
  const out: CorpusMessage[] = [];
  for (let i = 0; i < size; i++) {
    const parts: Part[] = [r.pick(OPENERS)];
    const sentences: Part[][] = [];
    if (r.chance(0.6)) {
      const count = r.pick([1, 1, 2, 2, 3]);
      for (let k = 0; k < count; k++) sentences.push(r.pick(PHI_SENTENCES[r.pick(TYPES)])(r));
      if (r.chance(0.5)) sentences.push(r.pick(NEGATIVE_SENTENCES)(r));
    } else {
      const count = r.pick([1, 2, 2, 3]);
      for (let k = 0; k < count; k++) sentences.push(r.pick(NEGATIVE_SENTENCES)(r));
    }
    // Shuffle so PHI is not always at the start.
    for (let k = sentences.length - 1; k > 0; k--) {
      const j = r.int(0, k);
      const a = sentences[k];
      const b = sentences[j];
      if (a && b) [sentences[k], sentences[j]] = [b, a];
    }
    sentences.forEach((s, k) => parts.push(...(k > 0 ? [" "] : []), ...s));
    parts.push(r.pick(CLOSERS));
    out.push(build(parts));
  }
  return out;
}
