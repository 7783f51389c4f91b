/** The file a study folder keeps its definition in: the study config, as `lrlab run` read it. */
export const STUDY_FILE = 'study.json';
