Feature: Servers sharing a disk
  "If you want to use a server with a shared disk attached to create a protected
  instance, ensure that all the servers with the shared disk attached are in the
  creation list if you want to create the protected instances in batches."

  @core @BC-029
  Scenario: All the servers that share a disk are accepted together
    Given a batch of all the servers that share a disk
    When the batch is sent
    Then the batch is accepted

  @core @BC-029 @readonly
  Scenario: Servers that share a disk are rejected when one of them is missing
    Given a batch of the servers that share a disk, except one
    When the batch is sent
    Then the batch is rejected
