/**
 * Every command's handler, keyed by its id: the table is a `Record<CommandId, …>`, so a command id declared in the
 * contract without a handler (or a handler without an id) fails to compile. Each handler runs behind the error
 * boundary of `registerCommand`.
 */
import type * as vscode from 'vscode';
import type { ClaimsDeps } from '../claims/deps';
import { CommandId } from '../contract';
import type { Services } from '../services/services';
import { registerCommand } from '../ui/commandBoundary';
import { backUpPrivateKey } from './backUpPrivateKey';
import { checkPublishedJwks } from './checkPublishedJwks';
import { copyBearer } from './copyBearer';
import { decodeJwtCommand } from './decodeJwt';
import { deletePrivateKey } from './deletePrivateKey';
import { dpopProof } from './dpopProof';
import { editProfile } from './editProfile';
import { exportPublicKey } from './exportPublicKey';
import { fetchToken } from './fetchToken';
import { generateKeyPair } from './generateKeyPair';
import { generateNextKey } from './generateNextKey';
import { importPrivateKey } from './importPrivateKey';
import { inspectClaimsCommand } from './inspectClaims';
import { manageKeys } from './manageKeys';
import { newProfile } from './newProfile';
import { promoteNextKey } from './promoteNextKey';
import { retireOldKey } from './retireOldKey';
import { revokeTaskTokenAccess } from './revokeTaskTokenAccess';
import { selectProfile } from './selectProfile';
import { showLog } from './showLog';
import { signAssertion } from './signAssertion';
import { statusBarMenu } from './statusBarMenu';
import { tokenVariable } from './tokenVariables';

type Handler = (...args: unknown[]) => Promise<unknown> | unknown;

/** The handler of every command, built from the services (one table, checked against {@link CommandId}). */
export function commandHandlers(services: Services, claims: ClaimsDeps): Record<CommandId, Handler> {
  const { context, log } = services;
  return {
    [CommandId.GenerateKeyPair]: generateKeyPair(services),
    [CommandId.ImportPrivateKey]: importPrivateKey(services),
    [CommandId.ExportPublicKey]: exportPublicKey(services),
    [CommandId.DeletePrivateKey]: deletePrivateKey(services),
    [CommandId.NewProfile]: newProfile(services),
    [CommandId.EditProfile]: editProfile(services),
    [CommandId.SelectProfile]: selectProfile(services),
    [CommandId.FetchToken]: fetchToken(services),
    [CommandId.CopyBearer]: copyBearer(services),
    [CommandId.SignAssertion]: signAssertion(services),
    [CommandId.InspectClaims]: inspectClaimsCommand(context, claims),
    [CommandId.DecodeJwt]: decodeJwtCommand(context, { log, ...(claims.copy ? { copy: claims.copy } : {}) }),
    [CommandId.ShowLog]: showLog(services),
    [CommandId.RevokeTaskTokenAccess]: revokeTaskTokenAccess(services),
    [CommandId.BackUpPrivateKey]: backUpPrivateKey(services),
    [CommandId.ManageKeys]: manageKeys(services),
    [CommandId.GenerateNextKey]: generateNextKey(services),
    [CommandId.CheckPublishedJwks]: checkPublishedJwks(services),
    [CommandId.PromoteNextKey]: promoteNextKey(services),
    [CommandId.RetireOldKey]: retireOldKey(services),
    [CommandId.StatusBarMenu]: statusBarMenu(services),
    [CommandId.AccessToken]: tokenVariable(services, 'token'),
    [CommandId.AuthorizationHeader]: tokenVariable(services, 'header'),
    [CommandId.DpopProof]: dpopProof(services),
  };
}

/** Registers every command behind the error boundary; the disposables are the caller's to own. */
export function registerCommands(services: Services, claims: ClaimsDeps): vscode.Disposable[] {
  const handlers = commandHandlers(services, claims);
  return (Object.keys(handlers) as CommandId[]).map((id) => registerCommand(id, services.log, handlers[id]));
}
