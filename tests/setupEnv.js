// The CLI run in-process prints as the subprocess helper's CLI does: without colours, also where CI=true
// would turn picocolors' colours on (it decides once, when it loads).
process.env.NO_COLOR = "1";
