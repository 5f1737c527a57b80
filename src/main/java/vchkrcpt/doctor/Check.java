package vchkrcpt.doctor;

import java.io.IOException;

/** One thing doctor looks at; it adds one finding or a few to the report. */
interface Check {
    /** The topic of the finding doctor adds when the check itself breaks down. */
    String topic();

    void run(Service service, Report report) throws IOException, InterruptedException;
}
