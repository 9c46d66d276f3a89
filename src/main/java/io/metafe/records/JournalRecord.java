package io.metafe.records;

import java.io.DataOutput;
import java.io.IOException;

/**
 * One change to the metadata, as stored under one journal id. Implementations are immutable
 * records; each names its {@link RecordType}, which declares its code and decoder once.
 */
public sealed interface JournalRecord
    permits AddFrontend,
        RemoveFrontend,
        MasterInfo,
        ResetGroup,
        FrontendPorts,
        CreateDatabase,
        DropDatabase,
        CreateTable,
        DropTable,
        InsertRows,
        CommitTransaction {

  RecordType type();

  /** Writes the payload in the current version of this record type's format. */
  void writePayload(DataOutput out) throws IOException;
}
