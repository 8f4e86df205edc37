/**
 * What a patient answers on each shipped flow's main path, by question id, as they would give it
 * on the page: a button (yes/no, an option), ticked boxes, a typed number, a duration with its unit,
 * typed text. Read from flows/library/*.json; mainPaths.test.ts checks each path still ends where
 * it says with the pure runner, so a flow edit that changes the path fails there first.
 */
export type PageAnswer =
  | { yesNo: "yes" | "no" }
  | { option: string }
  | { options: string[] }
  | { number: number }
  | { scale: number }
  | { duration: { amount: number; unit: "minutes" | "hours" | "days" | "weeks" } }
  | { text: { fr: string; en: string } };

export interface MainPath {
  flow: string;
  answers: Record<string, PageAnswer>;
  /** The urgency the path ends at. */
  urgency: "EMERGENCY" | "URGENT" | "SOON" | "ROUTINE" | "SELF_CARE";
}

const none = { options: ["none"] };
const no = { yesNo: "no" } as const;
const yes = { yesNo: "yes" } as const;
const days = (amount: number) => ({ duration: { amount, unit: "days" as const } });

export const MAIN_PATHS: MainPath[] = [
  {
    flow: "general",
    urgency: "SELF_CARE",
    answers: {
      danger_signs: none,
      complaint_text: { text: { fr: "J'ai mal au dos depuis deux jours", en: "My back has hurt for two days" } },
      age_years: { number: 40 },
      sex: { option: "male" },
      main_complaint: { option: "other" },
      other_warning_signs: none,
      other_how_unwell: { scale: 3 },
      other_duration: days(2),
      other_getting_worse_fast: no,
      other_usual_activities: yes,
    },
  },
  {
    flow: "chest-pain",
    urgency: "SELF_CARE",
    answers: {
      danger_signs: none,
      age_years: { number: 30 },
      sex: { option: "male" },
      pain_now: no,
      last_pain_hours_ago: { duration: { amount: 3, unit: "hours" } },
      episode_duration: { duration: { amount: 10, unit: "minutes" } },
      pain_at_rest: no,
      associated_features: none,
      syncope: { option: "no" },
      pain_character: { options: ["tender_to_press"] },
      pain_first_started: days(3),
      pain_getting_worse: no,
      pain_sudden_onset: no,
      pain_on_exertion: no,
      pain_severity: { scale: 3 },
      cardiac_risk_factors: none,
      clot_risk_factors: none,
      chest_injury: { option: "no" },
      cough_or_fever: no,
    },
  },
  {
    flow: "breathing-cough",
    urgency: "SELF_CARE",
    answers: {
      danger_signs: none,
      age_years: { number: 30 },
      sex: { option: "male" },
      severe_signs: none,
      cough_features: none,
      breathless_level: { option: "not_breathless" },
      blood_in_sputum: { option: "no" },
      lung_condition: none,
      chest_pain_breathing: no,
      clot_risk_factors: none,
      fever: { option: "yes_under_3_days" },
      // CRB-65 (asked of an adult with a fever): 0 with a normal rate and pressure.
      breathing_rate: { option: "rate_under_30" },
      blood_pressure: { option: "normal" },
      faint_on_standing: no,
      symptom_duration: days(3),
      immunosuppressed: no,
      oximeter: no,
    },
  },
  {
    flow: "fever-adult",
    urgency: "SELF_CARE",
    answers: {
      danger_signs: none,
      age_years: { number: 30 },
      sex: { option: "male" },
      sepsis_signs: none,
      localising_symptoms: { options: ["sore_throat"] },
      overall_state: { option: "managing" },
      temperature_measured: yes,
      temperature: { number: 38.5 },
      fever_duration: days(2),
      vital_devices: none,
      faint_signs: { option: "no" },
      rigors: no,
      immune_risk: none,
      travel_malaria: { option: "no" },
      able_to_drink: { option: "yes" },
    },
  },
  {
    flow: "fever-child",
    urgency: "SELF_CARE",
    answers: {
      danger_signs: none,
      age_years: { number: 2 },
      sex: { option: "female" },
      child_age_months: { number: 30 },
      child_colour: { option: "normal" },
      child_activity: { option: "normal" },
      breathing_signs: none,
      serious_signs: none,
      breath_count: { option: "not_counted" },
      temperature_measured: yes,
      temperature: { number: 38.4 },
      fever_duration: days(1),
      hydration_signs: none,
      capillary_refill: { option: "not_checked" },
      other_signs: none,
    },
  },
  {
    flow: "headache",
    urgency: "SELF_CARE",
    answers: {
      danger_signs: none,
      age_years: { number: 35 },
      sex: { option: "male" },
      onset: { option: "gradual" },
      neuro_symptoms: none,
      associated_symptoms: none,
      head_injury: no,
      severity: { scale: 4 },
      worst_ever: no,
      headache_duration: days(2),
      headache_pattern: none,
      arteritis_symptoms: none,
      immune_or_cancer: no,
      usual_headache: { option: "same_as_usual" },
      painkiller_overuse: no,
    },
  },
  {
    flow: "abdominal-pain",
    urgency: "SELF_CARE",
    answers: {
      danger_signs: none,
      age_years: { number: 30 },
      sex: { option: "male" },
      testicle_pain: no,
      alarm_symptoms: none,
      pain_location: { option: "around_navel" },
      pain_moved: no,
      severity: { scale: 4 },
      onset: { option: "gradual" },
      pain_duration: days(1),
      fever: no,
      vomiting: { option: "no" },
      diarrhoea: { option: "yes" },
      diarrhoea_duration: days(1),
      no_stool_no_gas: no,
      jaundice: no,
    },
  },
  {
    flow: "urinary",
    urgency: "SOON",
    answers: {
      danger_signs: none,
      age_years: { number: 30 },
      sex: { option: "female" },
      pregnant: { option: "no" },
      missed_period: no,
      catheter: no,
      urinary_retention: no,
      key_symptoms: { options: ["dysuria", "cloudy_urine"] },
      other_symptoms: { options: ["frequency"] },
      systemic_symptoms: none,
      risk_factors: none,
      discomfort: { scale: 4 },
      symptom_duration: days(2),
      antibiotics: { option: "no" },
    },
  },
];

/** The red-flag path: chest pain spreading to the arm, ticked on the first screen, ends at EMERGENCY at once. */
export const RED_FLAG_PATH: MainPath = {
  flow: "chest-pain",
  urgency: "EMERGENCY",
  answers: { danger_signs: { options: ["chest_pain_spreading"] } },
};

/** The answer as the server's answer parser takes it (for the pure check of each path). */
export function rawAnswer(answer: PageAnswer, locale: "fr" | "en"): unknown {
  if ("yesNo" in answer) return answer.yesNo;
  if ("option" in answer) return answer.option;
  if ("options" in answer) return answer.options;
  if ("number" in answer) return answer.number;
  if ("scale" in answer) return answer.scale;
  if ("duration" in answer) return `${answer.duration.amount} ${answer.duration.unit}`;
  return answer.text[locale];
}
